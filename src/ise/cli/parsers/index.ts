export { type BackupFileName, parseBackupFileName } from './backup-file-name.js';
export {
  type BackupEvent,
  type BackupLine,
  type BackupProgressTracker,
  classifyBackupLine,
  createBackupProgressTracker,
  parseBackupTranscript,
} from './backup-progress.js';
export type { ParseNotes } from './notes.js';
export {
  type ApplicationStatus,
  type IseProcess,
  KNOWN_PROCESS_STATES,
  parseShowApplicationStatus,
} from './show-application-status.js';
export {
  type ApplicationVersion,
  type InstalledPatch,
  type OtherApplicationBlock,
  parseShowApplicationVersion,
} from './show-application-version.js';
export { type BackupHistory, parseShowBackupHistory } from './show-backup-history.js';
export {
  type BackupRecord,
  type BackupStatus,
  type BackupStatusSection,
  parseShowBackupStatus,
  parseShowRestoreStatus,
} from './show-backup-status.js';
export { type Filesystem, parseShowDisks, type ShowDisks } from './show-disks.js';
export { type FreeTable, parseShowMemory, type ShowMemory } from './show-memory.js';
export { type NtpServer, type NtpSourceState, parseShowNtp, type ShowNtp } from './show-ntp.js';
export { parseShowRepository, type RepositoryErrorReason, type ShowRepository } from './show-repository.js';
export {
  type CliUser,
  type ConfiguredRepository,
  parseShowRunningConfig,
  type RepositoryProtocol,
  type RunningConfig,
} from './show-running-config.js';
export { parseShowTimezone, type ShowTimezone } from './show-timezone.js';
export { parseShowVersion, type ShowVersion } from './show-version.js';
