//! A progress bar on stderr (only when stderr is a terminal).

use std::io::IsTerminal;

use hnp_core::progress::{ProgressEvent, ProgressSink};
use indicatif::{ProgressBar, ProgressStyle};

pub struct TerminalProgress {
    bar: Option<ProgressBar>,
}

impl TerminalProgress {
    pub fn new() -> Self {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::new(100);
            bar.set_style(
                ProgressStyle::with_template("{spinner} [{bar:30}] {pos:>3}% {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .progress_chars("=> "),
            );
            bar
        });
        TerminalProgress { bar }
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

impl ProgressSink for TerminalProgress {
    fn publish(&self, event: &ProgressEvent) {
        if let Some(bar) = &self.bar {
            bar.set_position(u64::from(event.percent));
            let counters = event.counters;
            let detail = event.message.clone().unwrap_or_default();
            bar.set_message(format!(
                "{} files:{} +{} ~{} -{} {}",
                event.phase,
                counters.files_processed,
                counters.created,
                counters.updated,
                counters.deleted,
                detail
            ));
        }
    }
}
