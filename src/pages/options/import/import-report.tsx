import { Fingerprint } from '../../components/fingerprint';
import { t } from '../../lib/i18n';
import type { ImportReport } from '../../../shared/protocol';
import { RefusalList } from './refusal-list';

export function ImportReportView({ report, onAgain }: { report: ImportReport; onAgain(): void }) {
  return (
    <section class="card" role="status" aria-labelledby="report-title" data-testid="import-report">
      <h3 id="report-title">{t('import_report')}</h3>
      <h4>{t('import_imported', String(report.imported.length))}</h4>
      <ul class="plain" data-testid="import-report-imported">
        {report.imported.map((f) => (
          <li key={f}>
            <a href={`#/key/${f}`}>
              <Fingerprint value={f} />
            </a>
          </li>
        ))}
      </ul>
      <h4>{t('import_merged', String(report.merged.length))}</h4>
      <ul class="plain" data-testid="import-report-merged">
        {report.merged.map((f) => (
          <li key={f}>
            <a href={`#/key/${f}`}>
              <Fingerprint value={f} />
            </a>
          </li>
        ))}
      </ul>
      <RefusalList refused={report.refused} testid="import-report-refused" />
      <button type="button" onClick={onAgain} data-testid="import-again">
        {t('import_again')}
      </button>
    </section>
  );
}
