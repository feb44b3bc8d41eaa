import { useState } from 'preact/hooks';
import type { KeyProfile } from '../../../core/keys/model';
import { ErrorAlert } from '../../components/error-alert';
import { NewPassphraseFields } from '../../components/new-passphrase-fields';
import { expiryDays, type ExpiryChoice } from '../../lib/format';
import { t } from '../../lib/i18n';
import { call, type Res } from '../../lib/rpc';
import { newPassphraseProblem } from '../../lib/strength-view';
import { useAction } from '../../lib/use-action';
import { EmailRows } from './email-rows';
import { GenerateDone } from './generate-done';
import { PublishOnGenerate, publishEverywhere } from '../keys/publish-on-generate';
import { ProfileSelect } from './profile-select';

const EXPIRY: ExpiryChoice[] = ['none', '1y', '2y', 'custom'];

export function GeneratePage() {
  const [name, setName] = useState('');
  const [emails, setEmails] = useState<string[]>(['']);
  const [pass, setPass] = useState('');
  const [confirm, setConfirm] = useState('');
  const [profile, setProfile] = useState<KeyProfile>('ecc');
  const [expiry, setExpiry] = useState<ExpiryChoice>('none');
  const [days, setDays] = useState('365');
  const [result, setResult] = useState<Res<'generateKey'> | null>(null);
  const [publish, setPublish] = useState(false); // issue 5 §3: off by default
  const action = useAction();

  if (result) {
    return (
      <GenerateDone
        result={result}
        onAnother={() => {
          setPass('');
          setConfirm('');
          setResult(null);
        }}
      />
    );
  }

  const submit = async (e: Event) => {
    e.preventDefault();
    const list = emails.map((m) => m.trim()).filter((m) => m !== '');
    if (list.length === 0) return action.setError({ key: 'emails_required' });
    const problem = newPassphraseProblem(pass, confirm);
    if (problem) return action.setError({ key: problem });
    const expiresInDays = expiryDays(expiry, days);
    if (expiresInDays === 'invalid') return action.setError({ key: 'expiry_days_invalid' });
    const r = await action.run(() =>
      call('generateKey', { name: name.trim(), emails: list, passphrase: pass, profile, expiresInDays }),
    );
    if (r && publish) await publishEverywhere(r.key.fingerprint).catch(() => undefined);
    if (r) setResult(r);
  };

  return (
    <section aria-labelledby="gen-title">
      <h2 id="gen-title">{t('generate_title')}</h2>
      <form class="card" onSubmit={submit} aria-busy={action.busy}>
        <label class="field">
          <span>{t('name')}</span>
          <input type="text" autocomplete="name" value={name} onInput={(e) => setName(e.currentTarget.value)} data-testid="generate-name" />
        </label>
        <EmailRows emails={emails} onChange={setEmails} />
        <NewPassphraseFields value={pass} confirm={confirm} onValue={setPass} onConfirm={setConfirm} testid="generate-passphrase" />
        <ProfileSelect value={profile} onChange={setProfile} />
        <label class="field">
          <span>{t('expiry')}</span>
          <select value={expiry} onChange={(e) => setExpiry(e.currentTarget.value as ExpiryChoice)} data-testid="generate-expiry">
            {EXPIRY.map((x) => (
              <option key={x} value={x}>
                {t(`expiry_${x}`)}
              </option>
            ))}
          </select>
        </label>
        {expiry === 'custom' ? (
          <label class="field">
            <span>{t('expiry_days')}</span>
            <input
              type="number"
              min={1}
              max={36500}
              value={days}
              onInput={(e) => setDays(e.currentTarget.value)}
              data-testid="generate-expiry-days"
            />
          </label>
        ) : null}
        <PublishOnGenerate checked={publish} onChange={setPublish} />
        <ErrorAlert error={action.error} />
        <button type="submit" class="primary" disabled={action.busy} data-testid="generate-submit">
          {action.busy ? t('generating') : t('generate')}
        </button>
      </form>
    </section>
  );
}
