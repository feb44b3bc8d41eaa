import { useState } from 'preact/hooks';
import { ErrorAlert } from '../../components/error-alert';
import { t } from '../../lib/i18n';
import { commitSecrets, EMPTY_SECRETS, type TypedSecrets } from '../../lib/import-secrets';
import { call, type Res } from '../../lib/rpc';
import { useAction } from '../../lib/use-action';
import type { ImportReport, KeyData } from '../../../shared/protocol';
import { CandidateItem } from './candidate-item';
import { ImportReportView } from './import-report';
import { ImportSource, type SourceState } from './import-source';
import { RefusalList } from './refusal-list';

/** Two steps: inspect (nothing stored yet), then commit with the passphrases each key needs. */
export function ImportPage() {
  const [source, setSource] = useState<SourceState>({ text: '', file: null });
  const [data, setData] = useState<KeyData | null>(null);
  const [found, setFound] = useState<Res<'inspectImport'> | null>(null);
  const [typed, setTyped] = useState<Record<string, TypedSecrets>>({});
  const [report, setReport] = useState<ImportReport | null>(null);
  const inspect = useAction();
  const commit = useAction();

  const restart = () => {
    setFound(null);
    setReport(null);
    setTyped({});
  };

  const onInspect = async (d: KeyData) => {
    const r = await inspect.run(() => call('inspectImport', d));
    if (r) {
      setData(d);
      setFound(r);
      setTyped({});
    }
  };

  const onCommit = async (e: Event) => {
    e.preventDefault();
    if (!data || !found) return;
    const s = commitSecrets(found.candidates, typed);
    if (!s.ok) return commit.setError({ key: s.problem });
    const r = await commit.run(() =>
      call('commitImport', { ...data, passphrases: s.passphrases, newPassphrases: s.newPassphrases }),
    );
    if (r) setReport(r);
  };

  return (
    <section aria-labelledby="import-title">
      <h2 id="import-title">{t('import_title')}</h2>
      {report ? <ImportReportView report={report} onAgain={restart} /> : null}
      {!report && !found ? <ImportSource source={source} onSource={setSource} busy={inspect.busy} error={inspect.error} onInspect={onInspect} onTooLarge={() => inspect.setError({ code: 'TOO_LARGE' })} /> : null}
      {!report && found ? (
        <form class="card" onSubmit={onCommit} data-testid="import-candidates">
          <h3>{t('import_found', String(found.candidates.length))}</h3>
          <ul class="plain">
            {found.candidates.map((c) => (
              <CandidateItem
                key={c.fingerprint}
                c={c}
                secrets={typed[c.fingerprint] ?? EMPTY_SECRETS}
                onSecrets={(v) => setTyped({ ...typed, [c.fingerprint]: v })}
              />
            ))}
          </ul>
          <RefusalList refused={found.refused} testid="import-refused" />
          <ErrorAlert error={commit.error} />
          <div class="actions">
            <button
              type="submit"
              class="primary"
              disabled={commit.busy || found.candidates.length === 0}
              data-testid="import-commit"
            >
              {t('import_commit')}
            </button>
            <button type="button" onClick={restart} disabled={commit.busy} data-testid="import-back">
              {t('back')}
            </button>
          </div>
        </form>
      ) : null}
    </section>
  );
}
