import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api/client';
import { useApp } from '../app-context';
import { Field, FormErrors } from '../components/field';
import { navigate } from '../hooks';
import { fieldErrors, type FieldErrors } from '../logic/api-errors';
import type { LoadBalancer, Subnet } from '../logic/api-types';
import {
  ALGORITHMS,
  createLoadBalancerBody,
  emptyWizardForm,
  LISTENER_PROTOCOLS,
  monitorTypes,
  stepOfField,
  WIZARD_STEPS,
  wizardFields,
  type ListenerProtocol,
  type WizardForm,
} from '../logic/wizard';

const LISTENER = 'loadbalancer.listeners.0';
const POOL = `${LISTENER}.default_pool`;
const MONITOR = `${POOL}.healthmonitor`;

/**
 * Horizon's create wizard, step by step (load balancer → listener → pool → members → monitor), sent as
 * one single-call create: the whole graph is made, or nothing is and the API's errors are shown at
 * their fields (the wizard goes back to the first step that has one).
 */
export function CreateWizardPage() {
  const { api } = useApp();
  const [form, setForm] = useState<WizardForm>(emptyWizardForm);
  const [step, setStep] = useState(0);
  const [errors, setErrors] = useState<FieldErrors>({ fields: {}, general: [] });
  const [busy, setBusy] = useState(false);
  // null: this server has no networking API (its networks are Neutron's): the subnet's ID is typed in.
  const [subnets, setSubnets] = useState<Subnet[] | null>();

  useEffect(() => {
    api
      .get<{ subnets: Subnet[] }>('/v2.0/subnets')
      .then(({ subnets: list }) => {
        setSubnets(list);
        setForm((current) =>
          current.vipSubnetId || !list[0] ? current : { ...current, vipSubnetId: list[0].id },
        );
      })
      .catch((error: Error) => {
        if (error instanceof ApiError && error.status === 404) setSubnets(null);
        else setErrors({ fields: {}, general: [`Could not list the subnets: ${error.message}`] });
      });
  }, [api]);

  const update = (change: (draft: WizardForm) => void) =>
    setForm((current) => {
      const draft = structuredClone(current);
      change(draft);
      return draft;
    });
  const error = (field: string) => errors.fields[field];
  const text = (
    field: string,
    read: (f: WizardForm) => string,
    write: (f: WizardForm, value: string) => void,
    label: string,
  ) => (
    <Field label={label} name={field} error={error(field)}>
      <input
        name={field}
        value={read(form)}
        aria-invalid={error(field) ? 'true' : undefined}
        onInput={(e) => {
          const value = e.currentTarget.value;
          update((draft) => write(draft, value));
          // The API's message was about the old value.
          if (error(field))
            setErrors(({ fields: { [field]: _, ...others }, general }) => ({ fields: others, general }));
        }}
      />
    </Field>
  );

  const create = async () => {
    setBusy(true);
    try {
      const { loadbalancer } = await api.post<{ loadbalancer: LoadBalancer }>(
        '/v2/lbaas/loadbalancers',
        createLoadBalancerBody(form),
      );
      navigate(`loadbalancers/${loadbalancer.id}`);
    } catch (caught) {
      const found =
        caught instanceof ApiError
          ? fieldErrors(caught.message, wizardFields(form))
          : { fields: {}, general: [String(caught)] };
      setErrors(found);
      const steps = Object.keys(found.fields).map(stepOfField);
      if (steps.length > 0) setStep(Math.min(...steps));
    } finally {
      setBusy(false);
    }
  };

  const stepsWithErrors = new Set(Object.keys(errors.fields).map(stepOfField));
  return (
    <section class="wizard">
      <h2>Create a load balancer</h2>
      <nav aria-label="Steps">
        <ul>
          {WIZARD_STEPS.map((name, index) => (
            <li key={name}>
              <a
                href="#/create"
                aria-current={index === step ? 'step' : undefined}
                class={stepsWithErrors.has(index) ? 'has-error' : undefined}
                onClick={(event) => {
                  event.preventDefault();
                  setStep(index);
                }}
              >
                {index + 1}. {name}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <FormErrors messages={errors.general} />
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (step < WIZARD_STEPS.length - 1) setStep(step + 1);
          else void create();
        }}
      >
        {step === 0 && (
          <fieldset>
            {text(
              'loadbalancer.name',
              (f) => f.name,
              (f, v) => (f.name = v),
              'Name',
            )}
            {text(
              'loadbalancer.description',
              (f) => f.description,
              (f, v) => (f.description = v),
              'Description',
            )}
            {subnets === null ? (
              text(
                'loadbalancer.vip_subnet_id',
                (f) => f.vipSubnetId,
                (f, v) => (f.vipSubnetId = v),
                "VIP subnet ID (the cloud's Neutron: openstack subnet list)",
              )
            ) : (
              <Field
                label="VIP subnet"
                name="loadbalancer.vip_subnet_id"
                error={error('loadbalancer.vip_subnet_id')}
              >
                <select
                  name="loadbalancer.vip_subnet_id"
                  value={form.vipSubnetId}
                  onChange={(e) => {
                    const value = e.currentTarget.value;
                    update((f) => (f.vipSubnetId = value));
                  }}
                >
                  {subnets === undefined && <option value="">Loading…</option>}
                  {subnets?.length === 0 && (
                    <option value="">No subnet: create one first (openstack subnet create)</option>
                  )}
                  {subnets?.map((subnet) => (
                    <option key={subnet.id} value={subnet.id}>
                      {subnet.name || subnet.id} ({subnet.cidr})
                    </option>
                  ))}
                </select>
              </Field>
            )}
            {text(
              'loadbalancer.vip_address',
              (f) => f.vipAddress,
              (f, v) => (f.vipAddress = v),
              'VIP address (optional)',
            )}
          </fieldset>
        )}
        {step === 1 && (
          <fieldset>
            {text(
              `${LISTENER}.name`,
              (f) => f.listener.name,
              (f, v) => (f.listener.name = v),
              'Listener name',
            )}
            <Field label="Protocol" name={`${LISTENER}.protocol`} error={error(`${LISTENER}.protocol`)}>
              <select
                name={`${LISTENER}.protocol`}
                value={form.listener.protocol}
                onChange={(e) => {
                  const protocol = e.currentTarget.value as ListenerProtocol;
                  update((f) => {
                    f.listener.protocol = protocol;
                    f.monitor.type = monitorTypes(protocol)[0];
                  });
                }}
              >
                {LISTENER_PROTOCOLS.map((protocol) => (
                  <option key={protocol}>{protocol}</option>
                ))}
              </select>
            </Field>
            {text(
              `${LISTENER}.protocol_port`,
              (f) => f.listener.port,
              (f, v) => (f.listener.port = v),
              'Port',
            )}
            {text(
              `${LISTENER}.connection_limit`,
              (f) => f.listener.connectionLimit,
              (f, v) => (f.listener.connectionLimit = v),
              'Connection limit (optional)',
            )}
          </fieldset>
        )}
        {step === 2 && (
          <fieldset>
            {text(
              `${POOL}.name`,
              (f) => f.pool.name,
              (f, v) => (f.pool.name = v),
              'Pool name',
            )}
            <Field label="Algorithm" name={`${POOL}.lb_algorithm`} error={error(`${POOL}.lb_algorithm`)}>
              <select
                name={`${POOL}.lb_algorithm`}
                value={form.pool.algorithm}
                onChange={(e) => {
                  const value = e.currentTarget.value;
                  update((f) => (f.pool.algorithm = value));
                }}
              >
                {ALGORITHMS.map((algorithm) => (
                  <option key={algorithm}>{algorithm}</option>
                ))}
              </select>
            </Field>
            <Field
              label="Session persistence"
              name={`${POOL}.session_persistence`}
              error={error(`${POOL}.session_persistence`)}
            >
              <select
                name={`${POOL}.session_persistence`}
                value={form.pool.persistence}
                onChange={(e) => {
                  const value = e.currentTarget.value as WizardForm['pool']['persistence'];
                  update((f) => (f.pool.persistence = value));
                }}
              >
                <option value="">None</option>
                <option>SOURCE_IP</option>
                <option>HTTP_COOKIE</option>
                <option>APP_COOKIE</option>
              </select>
            </Field>
            {form.pool.persistence === 'APP_COOKIE' &&
              text(
                `${POOL}.session_persistence.cookie_name`,
                (f) => f.pool.cookieName,
                (f, v) => (f.pool.cookieName = v),
                'Cookie name',
              )}
          </fieldset>
        )}
        {step === 3 && (
          <fieldset>
            {form.members.map((_, index) => {
              const path = `${POOL}.members.${index}`;
              return (
                <div class="grid member-row" key={index} data-member-row={index}>
                  {text(
                    `${path}.name`,
                    (f) => f.members[index].name,
                    (f, v) => (f.members[index].name = v),
                    'Name',
                  )}
                  {text(
                    `${path}.address`,
                    (f) => f.members[index].address,
                    (f, v) => (f.members[index].address = v),
                    'Address',
                  )}
                  {text(
                    `${path}.protocol_port`,
                    (f) => f.members[index].port,
                    (f, v) => (f.members[index].port = v),
                    'Port',
                  )}
                  {text(
                    `${path}.weight`,
                    (f) => f.members[index].weight,
                    (f, v) => (f.members[index].weight = v),
                    'Weight',
                  )}
                </div>
              );
            })}
            <button
              type="button"
              class="secondary"
              onClick={() =>
                update((f) => f.members.push({ name: '', address: '', port: f.listener.port, weight: '1' }))
              }
            >
              Add another member
            </button>
          </fieldset>
        )}
        {step === 4 && (
          <fieldset>
            <label>
              <input
                type="checkbox"
                role="switch"
                name="monitor.enabled"
                checked={form.monitor.enabled}
                onChange={(e) => {
                  const value = e.currentTarget.checked;
                  update((f) => (f.monitor.enabled = value));
                }}
              />
              Health monitor
            </label>
            {form.monitor.enabled && (
              <>
                <Field label="Type" name={`${MONITOR}.type`} error={error(`${MONITOR}.type`)}>
                  <select
                    name={`${MONITOR}.type`}
                    value={form.monitor.type}
                    onChange={(e) => {
                      const value = e.currentTarget.value;
                      update((f) => (f.monitor.type = value));
                    }}
                  >
                    {monitorTypes(form.listener.protocol).map((type) => (
                      <option key={type}>{type}</option>
                    ))}
                  </select>
                </Field>
                <div class="grid">
                  {text(
                    `${MONITOR}.delay`,
                    (f) => f.monitor.delay,
                    (f, v) => (f.monitor.delay = v),
                    'Delay (s)',
                  )}
                  {text(
                    `${MONITOR}.timeout`,
                    (f) => f.monitor.timeout,
                    (f, v) => (f.monitor.timeout = v),
                    'Timeout (s)',
                  )}
                  {text(
                    `${MONITOR}.max_retries`,
                    (f) => f.monitor.maxRetries,
                    (f, v) => (f.monitor.maxRetries = v),
                    'Max retries',
                  )}
                </div>
                {['HTTP', 'HTTPS'].includes(form.monitor.type) && (
                  <div class="grid">
                    {text(
                      `${MONITOR}.url_path`,
                      (f) => f.monitor.urlPath,
                      (f, v) => (f.monitor.urlPath = v),
                      'URL path',
                    )}
                    {text(
                      `${MONITOR}.expected_codes`,
                      (f) => f.monitor.expectedCodes,
                      (f, v) => (f.monitor.expectedCodes = v),
                      'Expected codes',
                    )}
                  </div>
                )}
              </>
            )}
          </fieldset>
        )}
        <div class="wizard-buttons">
          {step > 0 && (
            <button type="button" class="secondary" onClick={() => setStep(step - 1)}>
              Back
            </button>
          )}
          <button type="submit" aria-busy={busy} disabled={busy}>
            {step < WIZARD_STEPS.length - 1 ? 'Next' : 'Create load balancer'}
          </button>
        </div>
      </form>
    </section>
  );
}
