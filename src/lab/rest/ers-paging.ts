import type { LabRequest, LabResponse } from './types.js';
import { ers, ersError } from './types.js';

export interface ErsSummary {
  id: string;
  name: string;
  description?: string;
}

/**
 * An ERS `SearchResult` page: default 20, at most 100 per page, 1-based pages, absolute `nextPage` /
 * `previousPage` links echoing size and page, omitted at the ends (ise-rest-api.md §10; the 400 for
 * size > 100 is INFERENCE there).
 */
export function ersSearchResult(request: LabRequest, collection: string, items: ErsSummary[]): LabResponse {
  const size = Number(request.query.get('size') ?? '20');
  const page = Number(request.query.get('page') ?? '1');
  if (!Number.isInteger(size) || size < 1 || size > 100 || !Number.isInteger(page) || page < 1) {
    return ersError(
      400,
      `GET-getAll-${collection.split('/').pop()}`,
      'Page size must be between 1 and 100, and page a positive number',
      'Query validation exception',
    );
  }
  const base = `${request.origin}${collection}`;
  const link = (p: number, rel: string) => ({
    rel,
    href: `${base}?size=${size}&page=${p}`,
    type: 'application/json',
  });
  const slice = items.slice((page - 1) * size, page * size);
  return ers({
    SearchResult: {
      total: items.length,
      resources: slice.map((item) => ({
        id: item.id,
        name: item.name,
        ...(item.description === undefined ? {} : { description: item.description }),
        link: { rel: 'self', href: `${base}/${item.id}`, type: 'application/json' },
      })),
      ...(page > 1 ? { previousPage: link(page - 1, 'previous') } : {}),
      ...(page * size < items.length ? { nextPage: link(page + 1, 'next') } : {}),
    },
  });
}
