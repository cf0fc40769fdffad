/**
 * The files published beside each what-changed page: the CSV of every changed query's rows
 * (/reports/<slug>/v<N>/changes/<query>.csv), queued like the figure files (site-files.ts).
 */
import type { ReportVersion } from '../core/versions/reports.ts';
import { emitFile, emitting } from './site-files.ts';

export function emitChangeFiles(versions: ReportVersion[]): void {
  if (!emitting()) return;
  for (const v of versions) for (const file of v.changes?.files ?? []) emitFile(file.path, file.content);
}
