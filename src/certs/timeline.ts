import { plural } from '../checks/finding.js';
import type { CertificateInfo, Sourced } from '../ise/snapshot/types.js';
import type { Logger } from '../log.js';
import {
  clipToWidth,
  diamond,
  esc,
  line,
  rect,
  renderPng,
  svgDocument,
  text,
  textWidth,
} from '../reply/charts/svg.js';
import type { Reply, ReplyImage } from '../reply/model.js';
import type { Services } from '../services.js';
import { DEFAULT_LADDER, EXPIRED_RUNG, normalizeLadder } from './ladder.js';
import { legend, rungColours, TODAY, UPGRADE } from './timeline-legend.js';
import { type TimelineRow, type TimelineRows, timelineRows } from './timeline-rows.js';

/**
 * The certificate timeline picture (`certs` and the weekly digest): certificates on a time axis from
 * today to a year ahead, one row each (identical ones merged, with a count), grouped by node and store,
 * a bar of the time left ending in a mark at the expiry, coloured by the ladder rung the warnings use.
 * Today and the planned upgrade date are vertical lines. Built as SVG text, rendered to PNG by resvg.
 */
export interface TimelineOptions {
  deployment: string;
  now: Date;
  /** The deployment's planned upgrade day (config `upgradeDate`), drawn when it falls on the axis. */
  upgradeDate?: Date;
  ladder?: readonly number[];
  /** Rows drawn at most; the rest are counted under the chart. */
  maxRows?: number;
  horizonDays?: number;
}

export const TIMELINE_FILE = 'certificates.png';

const W = 1320;
const PAD = 16;
const GROUP_X = PAD;
const GROUP_W = 200;
const LABEL_X = GROUP_X + GROUP_W + 8;
const LABEL_W = 370;
const EXPIRED_X = LABEL_X + LABEL_W + 8;
const GUTTER_W = 62;
const LATER_W = 84;
const AXIS_X0 = EXPIRED_X + GUTTER_W;
const AXIS_X1 = W - PAD - LATER_W;
const PLOT_TOP = 140;
const ROW_H = 22;
const INK = '#1f2328';
const SUBTLE = '#59636e';
const GRID = '#d8dee4';
const DAY = 86_400_000;

/** The picture, or undefined when there is nothing dated to draw. */
export async function certificateTimeline(
  certs: readonly CertificateInfo[],
  options: TimelineOptions,
): Promise<ReplyImage | undefined> {
  const data = timelineRows(certs, {
    now: options.now,
    ...(options.maxRows === undefined ? {} : { maxRows: options.maxRows }),
    ...(options.ladder === undefined ? {} : { ladder: options.ladder }),
  });
  if (data.rows.length === 0) return undefined;
  const { svg, alt } = timelineSvg(data, options);
  return renderPng(svg, {
    name: TIMELINE_FILE,
    title: `Certificate expiry timeline: ${options.deployment}`,
    alt,
  });
}

export type TimelineAttachOptions = Omit<TimelineOptions, 'upgradeDate'> & {
  /** YYYY-MM-DD, as the config has it. */
  upgradeDate?: string | undefined;
  log?: Logger;
};

/**
 * The reply with the timeline attached when the certificates were read and some have a date. A picture
 * that cannot be drawn is logged and left out: the text already says everything it would show.
 */
export async function withTimeline(
  reply: Reply,
  certs: Sourced<CertificateInfo[]>,
  options: TimelineAttachOptions,
): Promise<Reply> {
  if (certs.state !== 'ok') return reply;
  const { log, upgradeDate, ...rest } = options;
  const image = await certificateTimeline(certs.value, {
    ...rest,
    ...(upgradeDate === undefined ? {} : { upgradeDate: new Date(`${upgradeDate}T00:00:00Z`) }),
  }).catch((error: unknown) => {
    log?.warn({ err: error }, 'certificate timeline not drawn');
    return undefined;
  });
  return image ? { ...reply, images: [...(reply.images ?? []), image] } : reply;
}

/** The timeline's options for a deployment: now, and its planned upgrade day from the config. */
export function timelineFor(services: Services, deployment: string, log?: Logger): TimelineAttachOptions {
  const upgradeDate = services.config.deployments.find((d) => d.name === deployment)?.upgradeDate;
  return { deployment, now: services.clock(), upgradeDate, ...(log ? { log } : {}) };
}

/** The SVG and its alt text; exported for tests that look at what is drawn without rendering it. */
export function timelineSvg(data: TimelineRows, options: TimelineOptions): { svg: string; alt: string } {
  const { now, deployment } = options;
  const ladder = normalizeLadder(options.ladder ?? DEFAULT_LADDER);
  const horizon = options.horizonDays ?? 365;
  const colour = rungColours(ladder);
  const end = new Date(now.getTime() + horizon * DAY);
  const x = (d: Date) => AXIS_X0 + ((d.getTime() - now.getTime()) / (horizon * DAY)) * (AXIS_X1 - AXIS_X0);
  const plotBottom = PLOT_TOP + data.rows.length * ROW_H;
  const parts: string[] = [];
  const title = `Certificate expiry timeline: ${deployment}`;
  parts.push(text(PAD, 28, title, { size: 18, weight: 'bold' }));
  const where = [
    data.nodes.length > 0 && plural(data.nodes.length, 'node'),
    data.rows.some((r) => r.group === 'Trusted store') && 'the trusted store',
  ].filter(Boolean);
  parts.push(
    text(
      PAD,
      48,
      `${day(now)} (UTC) · ${plural(data.certificates, 'certificate')}${where.length > 0 ? ` on ${where.join(' and ')}` : ''} · identical certificates share a row (×N) · next ${horizon} days`,
      { size: 12, fill: SUBTLE },
    ),
  );
  parts.push(...legend(PAD, ladder, colour, 70, options.upgradeDate !== undefined));
  // Bands per group, so 58 nodes stay apart; the group's name on its first row.
  let band = 0;
  data.rows.forEach((row, i) => {
    const y = PLOT_TOP + i * ROW_H;
    const first = i === 0 || data.rows[i - 1]?.group !== row.group;
    if (first && i > 0) band++;
    if (band % 2 === 1) parts.push(rect(PAD, y, W - 2 * PAD, ROW_H, '#f3f5f7'));
    if (first) {
      if (i > 0) parts.push(line(PAD, y, W - PAD, y, GRID));
      parts.push(
        text(GROUP_X + 4, y + 15, clipToWidth(row.group, GROUP_W - 12, 12, true), {
          size: 12,
          weight: 'bold',
        }),
      );
    }
  });
  // The axis: months, the expired and "later" gutters, today and the upgrade day.
  parts.push(...monthGrid(now, end, x, plotBottom));
  parts.push(rect(EXPIRED_X, PLOT_TOP, GUTTER_W - 6, plotBottom - PLOT_TOP, '#fbeaea', { opacity: 0.7 }));
  parts.push(rect(AXIS_X1 + 6, PLOT_TOP, LATER_W - 6, plotBottom - PLOT_TOP, '#eef1f4', { opacity: 0.7 }));
  parts.push(
    text(EXPIRED_X + (GUTTER_W - 6) / 2, PLOT_TOP - 8, 'expired', {
      size: 11,
      fill: '#8a1c1c',
      anchor: 'middle',
    }),
  );
  parts.push(
    text(AXIS_X1 + 6 + (LATER_W - 6) / 2, PLOT_TOP - 8, 'later', {
      size: 11,
      fill: SUBTLE,
      anchor: 'middle',
    }),
  );
  // Today's label left of its line, the upgrade's right of its own: the two never overlap.
  parts.push(line(AXIS_X0, PLOT_TOP - 30, AXIS_X0, plotBottom + 4, TODAY, { width: 2 }));
  parts.push(
    text(AXIS_X0 - 4, PLOT_TOP - 22, `today ${day(now)}`, { size: 11, weight: 'bold', anchor: 'end' }),
  );
  const upgrade = options.upgradeDate;
  if (upgrade && upgrade > now && upgrade <= end) {
    const ux = x(upgrade);
    const label = `upgrade ${day(upgrade)}`;
    const right = ux + 4 + textWidth(label, 11) < W - PAD;
    parts.push(line(ux, PLOT_TOP - 30, ux, plotBottom + 4, UPGRADE, { width: 2, dash: '6 4' }));
    parts.push(
      text(right ? ux + 4 : ux - 4, PLOT_TOP - 22, label, {
        size: 11,
        weight: 'bold',
        fill: UPGRADE,
        ...(right ? {} : { anchor: 'end' }),
      }),
    );
  }
  data.rows.forEach((row, i) => {
    parts.push(...rowParts(row, PLOT_TOP + i * ROW_H, { now, end, x, colour }));
  });
  // Under the chart: what is not drawn, said, never silently left out.
  const notes: string[] = [];
  if (data.hidden.rows > 0) {
    const { rows, certificates, expired, warned, from } = data.hidden;
    const among = [expired > 0 && `${expired} expired`, warned > 0 && `${warned} warned about`].filter(
      Boolean,
    );
    notes.push(
      `+${plural(rows, 'more row')} not drawn: ${plural(certificates, 'certificate')}${among.length > 0 ? ` (${among.join(', ')})` : ''} expiring from ${day(from as Date)}; certs 3650 lists them all`,
    );
  }
  if (data.undated > 0)
    notes.push(
      `${plural(data.undated, 'certificate')} with an expiry date the bot could not read: not drawn`,
    );
  if (data.rows.some((r) => r.quiet))
    notes.push('Hollow marks: not warned about (disabled, not in use, or renewed)');
  if (upgrade && !(upgrade > now && upgrade <= end))
    notes.push(`Planned upgrade ${day(upgrade)}: outside this axis`);
  parts.push(line(AXIS_X0, plotBottom, AXIS_X1, plotBottom, GRID));
  notes.forEach((note, i) => {
    parts.push(
      text(PAD, plotBottom + 40 + i * 18, note, {
        size: 12,
        fill: i === 0 && data.hidden.rows > 0 ? INK : SUBTLE,
      }),
    );
  });
  const height = plotBottom + 40 + notes.length * 18 + (notes.length > 0 ? 4 : -16);
  return { svg: svgDocument(W, height, parts, title), alt: altText(data, options, end) };
}

interface RowCtx {
  now: Date;
  end: Date;
  x: (d: Date) => number;
  colour: (rung: number | undefined) => string;
}

function rowParts(row: TimelineRow, top: number, ctx: RowCtx): string[] {
  const mid = top + ROW_H / 2;
  const fill = ctx.colour(row.rung);
  const out: string[] = [];
  const count = row.count > 1 ? `×${row.count}` : '';
  const countW = count ? textWidth(count, 12) + 8 : 0;
  const usage = row.usage.length > 0 ? ` · ${row.usage.join(', ')}` : '';
  const label = `${row.label}${usage}${row.quiet ? ` (${row.quiet})` : ''}`;
  out.push(
    text(LABEL_X, top + 15, clipToWidth(label, LABEL_W - countW, 12), {
      size: 12,
      fill: row.quiet ? SUBTLE : INK,
    }),
  );
  if (count) out.push(text(LABEL_X + LABEL_W, top + 15, count, { size: 12, weight: 'bold', anchor: 'end' }));
  const left = Math.floor((row.notAfter.getTime() - ctx.now.getTime()) / DAY);
  const hollow = row.quiet !== undefined;
  let mx: number;
  let note: string;
  if (row.rung === EXPIRED_RUNG) {
    mx = EXPIRED_X + (GUTTER_W - 6) / 2;
    note = `${day(row.notAfter)} · ${-left} d ago`;
  } else if (row.notAfter > ctx.end) {
    // Past the axis: the bar runs to its end with an arrow, the date stands in the "later" column.
    out.push(rect(AXIS_X0, mid - 4, AXIS_X1 - AXIS_X0, 8, fill, { opacity: hollow ? 0.12 : 0.3 }));
    out.push(
      `<polygon points="${AXIS_X1 - 2},${mid - 6} ${AXIS_X1 + 6},${mid} ${AXIS_X1 - 2},${mid + 6}" fill="${fill}"${hollow ? ' fill-opacity="0.4"' : ''}/>`,
    );
    out.push(
      text(AXIS_X1 + 6 + (LATER_W - 6) / 2, top + 15, day(row.notAfter), { size: 11, anchor: 'middle' }),
    );
    return out;
  } else {
    mx = ctx.x(row.notAfter);
    out.push(rect(AXIS_X0, mid - 4, mx - AXIS_X0, 8, fill, { opacity: hollow ? 0.12 : 0.3 }));
    note = `${day(row.notAfter)} · ${left} d`;
  }
  out.push(hollow ? diamond(mx, mid, 6, '#ffffff', fill) : diamond(mx, mid, 6, fill));
  // The date beside its mark, on whichever side has room; a white halo keeps it readable over bars.
  const noteW = textWidth(note, 11);
  const right = mx + 10 + noteW <= W - PAD;
  const nx = right ? mx + 10 : mx - 10;
  out.push(
    `<text x="${Math.round(nx)}" y="${top + 15}" font-size="11" fill="${INK}" text-anchor="${right ? 'start' : 'end'}" stroke="#ffffff" stroke-width="3" paint-order="stroke">${esc(note)}</text>`,
  );
  return out;
}

function monthGrid(now: Date, end: Date, x: (d: Date) => number, bottom: number): string[] {
  const out: string[] = [];
  let m = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  while (m <= end) {
    const mx = x(m);
    out.push(line(mx, PLOT_TOP, mx, bottom, GRID));
    const name = m.toLocaleString('en-GB', { month: 'short', timeZone: 'UTC' });
    const label = m.getUTCMonth() === 0 ? `${name} ${m.getUTCFullYear()}` : name;
    out.push(text(mx, PLOT_TOP - 8, label, { size: 11, fill: SUBTLE, anchor: 'middle' }));
    out.push(text(mx, bottom + 16, label, { size: 11, fill: SUBTLE, anchor: 'middle' }));
    m = new Date(Date.UTC(m.getUTCFullYear(), m.getUTCMonth() + 1, 1));
  }
  return out;
}

function altText(data: TimelineRows, options: TimelineOptions, end: Date): string {
  const expired = data.rows.filter((r) => r.rung === EXPIRED_RUNG && !r.quiet);
  const warned = data.rows.filter((r) => r.rung !== undefined && r.rung !== EXPIRED_RUNG && !r.quiet);
  const count = (rows: TimelineRow[]) => rows.reduce((sum, r) => sum + r.count, 0);
  const parts = [
    `${count(expired)} expired`,
    `${count(warned)} within ${normalizeLadder(options.ladder ?? DEFAULT_LADDER)[0] ?? 90} days`,
    `${data.rows.filter((r) => r.notAfter > end).reduce((s, r) => s + r.count, 0)} later than ${day(end)}`,
  ];
  const soonest = data.rows
    .filter((r) => !r.quiet && r.rung !== EXPIRED_RUNG)
    .sort((a, b) => a.notAfter.getTime() - b.notAfter.getTime())[0];
  return [
    `Timeline of ${plural(data.certificates, 'certificate')} of ${options.deployment} from ${day(options.now)} to ${day(end)}, one row per certificate (identical ones merged), grouped by node and store: ${parts.join(', ')}.`,
    soonest ? ` Next to expire: ${soonest.label} (${soonest.group}) on ${day(soonest.notAfter)}.` : '',
    options.upgradeDate ? ` Planned upgrade: ${day(options.upgradeDate)}.` : '',
  ].join('');
}

const day = (d: Date) => d.toISOString().slice(0, 10);
