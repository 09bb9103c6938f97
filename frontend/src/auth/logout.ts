/**
 * Logs out: asks the server to end the session (`logout`), then clears the local session —
 * always, also when the call fails (session already expired, server unreachable) or does not
 * answer within `timeoutMs`.
 */
export async function endSession(
  callServer: () => Promise<unknown>,
  clearLocal: () => void,
  timeoutMs = 5000,
): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      callServer(),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      }),
    ]);
  } catch {
    // The local session ends regardless.
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    clearLocal();
  }
}
