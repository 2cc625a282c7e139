/**
 * What flavor and availability zone profiles have in common (Octavia's `flavor_data`,
 * `availability_zone_data`): a JSON object, as text, whose keys are capabilities of the profile's
 * provider. Pure, no I/O; each kind checks its own values.
 */
export interface ProviderCapability {
  name: string;
  description: string;
}

/** A profile's data broke a rule; the message names the field and the key. */
export class CapabilityDataError extends Error {}

/** The entries of `text`, each key one of `capabilities`; anything else is refused naming the key. */
export function capabilityEntries(
  field: string,
  text: string,
  provider: string,
  capabilities: readonly ProviderCapability[],
): [string, unknown][] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new CapabilityDataError(`${field} must be a JSON object`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw new CapabilityDataError(`${field} must be a JSON object`);
  const names = capabilities.map((capability) => capability.name);
  const entries = Object.entries(data);
  const kind = field.replace(/_data$/, '').replace(/_/g, ' ');
  const article = /^[aeiou]/.test(kind) ? 'an' : 'a';
  for (const [key] of entries) {
    if (!names.includes(key))
      throw new CapabilityDataError(
        `${field}: ${key} is not ${article} ${kind} capability of provider ${provider} (${names.join(', ')})`,
      );
  }
  return entries;
}
