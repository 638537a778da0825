import type { LabNode } from './scenario.js';

export interface LabDisk {
  device: string;
  mountPoint: string;
  totalKb: number;
  usedKb: number;
  freeKb: number;
}

/**
 * A node's filesystems in 1K blocks, shared by `show disks` and deploymentinfo so the two never
 * disagree. The layout (a small `/`, `/tmp`, `/localdisk`, and `/opt` holding most of the disk)
 * follows an ISE VM; the exact split is illustrative.
 */
export function nodeDisks(node: LabNode): LabDisk[] {
  const total = Math.round(node.disk.totalGb * 1024 * 1024);
  const root = Math.min(28_765_892, Math.round(total * 0.1));
  const tmp = Math.min(1_983_056, Math.round(total * 0.01));
  const localdisk = Math.round(total * 0.3);
  const opt = total - root - tmp - localdisk;
  const disk = (device: string, mountPoint: string, totalKb: number, usedPercent: number): LabDisk => {
    const usedKb = Math.round((totalKb * usedPercent) / 100);
    return { device, mountPoint, totalKb, usedKb, freeKb: totalKb - usedKb };
  };
  return [
    disk('/dev/sda2', '/', root, 15),
    disk('/dev/sda5', '/tmp', tmp, 2),
    disk('/dev/sda7', '/opt', opt, node.disk.usedPercent),
    disk('/dev/sda8', '/localdisk', localdisk, 1),
  ];
}

export function nodeMemory(node: LabNode): { totalKb: number; usedKb: number; freeKb: number } {
  // The kernel keeps some memory for itself: a 64 GB VM shows a little less (ise-cli.md §2.5 sizes).
  const totalKb = Math.round(node.memoryGb * 1024 * 1024 * 0.98);
  const usedKb = Math.round((totalKb * node.memoryUsedPercent) / 100);
  return { totalKb, usedKb, freeKb: totalKb - usedKb };
}
