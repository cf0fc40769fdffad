/**
 * The files published beside each what-changed page: the CSV of every changed query's rows
 * (/reports/<slug>/v<N>/changes/<query>.csv), queued like the figure files (site-files.ts).
 */
import type { ReportVersion } from '../core/versions/reports.ts';
import type { OutputQueue } from './site-files.ts';

export function emitChangeFiles(versions: ReportVersion[], queue: OutputQueue): void {
  for (const v of versions) for (const file of v.changes?.files ?? []) queue.emit(file.path, file.content);
}
