import type { IseRestClient, RequestOptions } from './client.js';
import type { RestEndpoint } from './endpoint.js';

export interface ErsResource {
  id: string;
  name: string;
  description?: string;
}

interface SearchResult {
  SearchResult?: { total?: number; resources?: ErsResource[]; nextPage?: { href?: string } };
}

/** ERS caps pages at 100 resources (ise-rest-api.md §10: "Max resources per page cannot be more then 100"). */
export const ERS_MAX_PAGE = 100;

/**
 * Every resource of an ERS collection, following `nextPage` links page by page. ISE's own advice is to
 * page even when filtering ("Filter does not return all of the matching resources").
 */
export async function ersListAll(
  client: IseRestClient,
  endpoint: RestEndpoint,
  collection: string,
  options: Omit<RequestOptions, 'family'> = {},
): Promise<ErsResource[]> {
  const all: ErsResource[] = [];
  let path: string | undefined = `${collection}?size=${ERS_MAX_PAGE}&page=1`;
  for (let pages = 0; path !== undefined && pages < 1000; pages++) {
    const page: SearchResult = await client.getJson<SearchResult>(endpoint, path, {
      ...options,
      family: 'ers',
    });
    all.push(...(page.SearchResult?.resources ?? []));
    const next = page.SearchResult?.nextPage?.href;
    // The href is absolute and names ISE's own host; we keep our address and take path + query only.
    path = next ? pathOf(next) : undefined;
  }
  return all;
}

function pathOf(href: string): string {
  const url = new URL(href, 'https://ise.invalid');
  return `${url.pathname}${url.search}`;
}
