// Regenerates color.png (192x192, full colour) and outline.png (32x32, white on transparent), the two
// icons a Teams app package needs. Run: node adapters/teams/manifest/icons.mjs
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodePng } from './png.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const BLUE = [4, 159, 217, 255];
const WHITE = [255, 255, 255, 255];
const CLEAR = [0, 0, 0, 0];

/** A check mark inside a ring ("readiness"), in unit coordinates so it stays legible at 32 px. */
function mark(x, y, size, stroke) {
  const u = x / size;
  const v = y / size;
  const r = Math.hypot(u - 0.5, v - 0.5);
  const ring = Math.abs(r - 0.36) < stroke / 2;
  const near = (ax, ay, bx, by) => {
    const t = Math.max(
      0,
      Math.min(1, ((u - ax) * (bx - ax) + (v - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)),
    );
    return Math.hypot(u - (ax + t * (bx - ax)), v - (ay + t * (by - ay))) < stroke / 2;
  };
  return ring || near(0.33, 0.52, 0.45, 0.64) || near(0.45, 0.64, 0.68, 0.38);
}

writeFileSync(
  join(here, 'color.png'),
  encodePng(192, 192, (x, y) => (mark(x, y, 192, 0.07) ? WHITE : BLUE)),
);
writeFileSync(
  join(here, 'outline.png'),
  encodePng(32, 32, (x, y) => (mark(x, y, 32, 0.09) ? WHITE : CLEAR)),
);
