import { useEffect } from 'react';

export const APP_NAME = 'HNP Sync';

/** `Fabrics — HNP Sync`: the document title of a page. */
export function pageTitle(page: string): string {
  return page ? `${page} — ${APP_NAME}` : APP_NAME;
}

/** Sets the document title while the page is shown. */
export function usePageTitle(page: string) {
  useEffect(() => {
    document.title = pageTitle(page);
  }, [page]);
}
