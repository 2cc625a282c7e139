import { useState } from 'preact/hooks';
import { ApiError } from '../api/client';
import { useApp } from '../app-context';
import { Field, FormErrors } from '../components/field';
import { StatusBadge, StatusPair } from '../components/status-badge';
import { usePolling } from '../hooks';
import { fieldErrors, type FieldErrors } from '../logic/api-errors';
import type { Member, StatusTreePool } from '../logic/api-types';
import { numberField } from '../logic/wizard';

const MEMBER_INPUTS = [
  { key: 'name', label: 'Name' },
  { key: 'address', label: 'Address' },
  { key: 'protocol_port', label: 'Port' },
  { key: 'weight', label: 'Weight' },
] as const;
const MEMBER_FIELDS = MEMBER_INPUTS.map(({ key }) => `member.${key}`);
const NO_ERRORS: FieldErrors = { fields: {}, general: [] };

function asFieldErrors(error: unknown): FieldErrors {
  return error instanceof ApiError
    ? fieldErrors(error.message, MEMBER_FIELDS)
    : { fields: {}, general: [String(error)] };
}

/** A pool's members: health, weight and admin state to change, members to add and remove. */
export function PoolMembers({ pool, onChanged }: { pool: StatusTreePool; onChanged: () => void }) {
  const { api } = useApp();
  const members = usePolling(
    async () => (await api.get<{ members: Member[] }>(`/v2/lbaas/pools/${pool.id}/members`)).members,
    2000,
    [api, pool.id],
  );
  const [problem, setProblem] = useState<string>();
  const changed = () => {
    members.reload();
    onChanged();
  };
  /** Sends what the user typed; a weight that is not a number is sent as typed, for the API to refuse by name. */
  const update = async (member: Member, change: Record<string, unknown>) => {
    setProblem(undefined);
    try {
      await api.put(`/v2/lbaas/pools/${pool.id}/members/${member.id}`, { member: change });
      changed();
    } catch (error) {
      setProblem((error as Error).message);
    }
  };
  const remove = async (member: Member) => {
    setProblem(undefined);
    try {
      await api.delete(`/v2/lbaas/pools/${pool.id}/members/${member.id}`);
      changed();
    } catch (error) {
      setProblem((error as Error).message);
    }
  };

  return (
    <article data-pool={pool.name || pool.id}>
      <h3>
        Members of pool {pool.name || pool.id.slice(0, 8)}{' '}
        <StatusPair provisioning={pool.provisioning_status} operating={pool.operating_status} />
      </h3>
      {problem && <FormErrors messages={[problem]} />}
      <table class="striped">
        <thead>
          <tr>
            <th>Name</th>
            <th>Address</th>
            <th>Health</th>
            <th>Weight</th>
            <th>Admin state</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(members.data ?? []).map((member) => (
            <MemberRow key={member.id} member={member} onUpdate={update} onRemove={remove} />
          ))}
        </tbody>
      </table>
      <AddMember poolId={pool.id} onAdded={changed} />
    </article>
  );
}

function MemberRow({
  member,
  onUpdate,
  onRemove,
}: {
  member: Member;
  onUpdate: (member: Member, change: Record<string, unknown>) => Promise<void>;
  onRemove: (member: Member) => Promise<void>;
}) {
  const [weight, setWeight] = useState(String(member.weight));
  return (
    <tr data-member={member.name || member.address}>
      <td>{member.name}</td>
      <td>
        {member.address}:{member.protocol_port}
      </td>
      <td>
        <StatusBadge status={member.operating_status} />
        {member.provisioning_status !== 'ACTIVE' && <StatusBadge status={member.provisioning_status} />}
      </td>
      <td>
        <form
          class="weight"
          onSubmit={(event) => {
            event.preventDefault();
            void onUpdate(member, {
              weight: /^\d+$/.test(weight) ? Number(weight) : weight,
            });
          }}
        >
          <input
            name="weight"
            aria-label="Weight"
            value={weight}
            onInput={(e) => setWeight(e.currentTarget.value)}
          />
          {weight !== String(member.weight) && <button type="submit">Set</button>}
        </form>
      </td>
      <td>
        <input
          type="checkbox"
          role="switch"
          aria-label="Admin state up"
          checked={member.admin_state_up}
          onChange={(e) => void onUpdate(member, { admin_state_up: e.currentTarget.checked })}
        />
      </td>
      <td>
        <button type="button" class="outline danger" onClick={() => void onRemove(member)}>
          Remove
        </button>
      </td>
    </tr>
  );
}

function AddMember({ poolId, onAdded }: { poolId: string; onAdded: () => void }) {
  const { api } = useApp();
  const empty = { name: '', address: '', protocol_port: '80', weight: '1' };
  const [form, setForm] = useState(empty);
  const [errors, setErrors] = useState<FieldErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const set = (key: keyof typeof form) => (event: { currentTarget: HTMLInputElement }) =>
    setForm({ ...form, [key]: event.currentTarget.value });
  const add = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    try {
      await api.post(`/v2/lbaas/pools/${poolId}/members`, {
        member: {
          ...(form.name.trim() ? { name: form.name.trim() } : {}),
          address: form.address.trim(),
          protocol_port: numberField(form.protocol_port),
          weight: numberField(form.weight),
        },
      });
      setForm(empty);
      setErrors(NO_ERRORS);
      onAdded();
    } catch (error) {
      setErrors(asFieldErrors(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <details>
      <summary>Add a member</summary>
      <form class="add-member" onSubmit={(event) => void add(event)}>
        <FormErrors messages={errors.general} />
        <div class="grid">
          {MEMBER_INPUTS.map(({ key, label }) => (
            <Field key={key} label={label} name={`member.${key}`} error={errors.fields[`member.${key}`]}>
              <input name={`member.${key}`} value={form[key]} onInput={set(key)} />
            </Field>
          ))}
        </div>
        <button type="submit" aria-busy={busy} disabled={busy}>
          Add member
        </button>
      </form>
    </details>
  );
}
