// Line coverage from Node's own V8 coverage (NODE_V8_COVERAGE), mapped back to the TypeScript through
// the source maps Node records beside it: no c8/nyc needed. Pure functions; tools/coverage.ts runs it.
import { readdirSync, readFileSync } from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

interface Range {
  startOffset: number;
  endOffset: number;
  count: number;
}
interface ScriptCoverage {
  url: string;
  functions: Array<{ ranges: Range[] }>;
}
interface CoverageFile {
  result: ScriptCoverage[];
  'source-map-cache'?: Record<string, { lineLengths: number[]; data: SourceMapPayload }>;
}

export interface LineCoverage {
  /** 1-based lines of the original file that hold code, and whether any run executed them. */
  lines: Map<number, boolean>;
}

/** The count V8 reports for each offset: the innermost (last listed, shortest) range wins. */
function countAt(ranges: Range[]): (offset: number) => number {
  const sorted = [...ranges].sort((a, b) => a.startOffset - b.startOffset || b.endOffset - a.endOffset);
  return (offset) => {
    let count = 0;
    for (const r of sorted) {
      if (r.startOffset > offset) break;
      if (offset < r.endOffset) count = r.count;
    }
    return count;
  };
}

/** Merges every process's coverage of `file` (absolute path): a line is covered if any run covered it. */
export function lineCoverage(dir: string, file: string): LineCoverage {
  const url = pathToFileURL(file).href;
  const lines = new Map<number, boolean>();
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.json'))) {
    const json = JSON.parse(readFileSync(join(dir, name), 'utf8')) as CoverageFile;
    const script = json.result.find((s) => s.url === url);
    const cached = json['source-map-cache']?.[url];
    if (!script || !cached) continue;
    const map = new SourceMap(cached.data);
    const count = countAt(script.functions.flatMap((f) => f.ranges));
    let offset = 0;
    cached.lineLengths.forEach((length, line) => {
      for (let column = 0; column < length; column++) {
        const entry = map.findEntry(line, column) as { originalLine?: number; generatedColumn?: number };
        // findEntry returns the nearest mapping at or before the column; count only exact starts.
        if (entry.originalLine === undefined || entry.generatedColumn !== column) continue;
        const original = entry.originalLine + 1;
        const hit = count(offset + column) > 0;
        lines.set(original, (lines.get(original) ?? false) || hit);
      }
      offset += length + 1;
    });
  }
  return { lines };
}

export function percent(coverage: LineCoverage): number {
  const all = [...coverage.lines.values()];
  return all.length === 0 ? 0 : (100 * all.filter(Boolean).length) / all.length;
}

export function uncovered(coverage: LineCoverage): number[] {
  return [...coverage.lines]
    .filter(([, hit]) => !hit)
    .map(([line]) => line)
    .sort((a, b) => a - b);
}
