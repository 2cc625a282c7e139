import {
  createLoadBalancerBody,
  emptyWizardForm,
  stepOfField,
  wizardFields,
  type WizardForm,
} from './wizard';

function seed001(): WizardForm {
  const form = emptyWizardForm();
  form.name = 'web';
  form.vipSubnetId = 'subnet-1';
  form.pool.name = 'web servers';
  form.pool.persistence = 'SOURCE_IP';
  form.listener.connectionLimit = '100';
  form.members = [
    { name: 'WEB1', address: '198.51.100.11', port: '80', weight: '1' },
    { name: 'WEB2', address: '198.51.100.12', port: '80', weight: '' },
    { name: '', address: '', port: '80', weight: '1' },
  ];
  return form;
}

/** The default pool of the body's one listener. */
function poolOf(form: WizardForm): Record<string, unknown> {
  const [listener] = createLoadBalancerBody(form).loadbalancer.listeners as {
    default_pool: Record<string, unknown>;
  }[];
  return listener.default_pool;
}

describe('createLoadBalancerBody', () => {
  it("builds seed 001's graph as one single-call create", () => {
    expect(createLoadBalancerBody(seed001())).toEqual({
      loadbalancer: {
        name: 'web',
        vip_subnet_id: 'subnet-1',
        listeners: [
          {
            protocol: 'HTTP',
            protocol_port: 80,
            connection_limit: 100,
            default_pool: {
              name: 'web servers',
              protocol: 'HTTP',
              lb_algorithm: 'ROUND_ROBIN',
              session_persistence: { type: 'SOURCE_IP' },
              members: [
                { name: 'WEB1', address: '198.51.100.11', protocol_port: 80, weight: 1 },
                { name: 'WEB2', address: '198.51.100.12', protocol_port: 80 },
              ],
              healthmonitor: {
                type: 'HTTP',
                delay: 5,
                timeout: 5,
                max_retries: 3,
                url_path: '/',
                expected_codes: '200',
              },
            },
          },
        ],
      },
    });
  });

  it('sends what is not a number as typed, for the API to name', () => {
    const form = seed001();
    form.listener.port = '8o';
    const listener = (createLoadBalancerBody(form).loadbalancer.listeners as Record<string, unknown>[])[0];
    expect(listener.protocol_port).toBe('8o');
  });

  it('leaves out the monitor when switched off, and URL fields for a TCP monitor', () => {
    const form = seed001();
    form.monitor.type = 'TCP';
    const pool = poolOf(form);
    expect(pool.healthmonitor).toEqual({ type: 'TCP', delay: 5, timeout: 5, max_retries: 3 });
    form.monitor.enabled = false;
    expect(poolOf(form)).not.toHaveProperty('healthmonitor');
  });

  it('sends the cookie name only for APP_COOKIE persistence', () => {
    const form = seed001();
    form.pool.persistence = 'APP_COOKIE';
    form.pool.cookieName = 'JSESSIONID';
    const pool = poolOf(form);
    expect(pool.session_persistence).toEqual({ type: 'APP_COOKIE', cookie_name: 'JSESSIONID' });
  });
});

describe('wizard fields', () => {
  it('names a field per member row and finds the step of each field', () => {
    const fields = wizardFields(seed001());
    expect(fields).toContain('loadbalancer.listeners.0.default_pool.members.2.address');
    expect(stepOfField('loadbalancer.vip_address')).toBe(0);
    expect(stepOfField('loadbalancer.listeners.0.protocol_port')).toBe(1);
    expect(stepOfField('loadbalancer.listeners.0.default_pool.lb_algorithm')).toBe(2);
    expect(stepOfField('loadbalancer.listeners.0.default_pool.members.1.address')).toBe(3);
    expect(stepOfField('loadbalancer.listeners.0.default_pool.healthmonitor.delay')).toBe(4);
  });
});
