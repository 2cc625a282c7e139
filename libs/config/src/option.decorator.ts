import 'reflect-metadata';

export type OptionType = 'string' | 'number' | 'boolean';

export interface OptionDefinition {
  /** Property of the config class. */
  property: string;
  /** neutron-style option name (snake_case), as written in the INI file. */
  name: string;
  /** INI sections searched in order; the first is the canonical one. */
  sections: string[];
  /** Environment variable that overrides the INI value. */
  env: string;
  type: OptionType;
  help: string;
  /** Secrets are never printed (e.g. passwords inside URLs). */
  secret: boolean;
}

const OPTIONS_KEY = Symbol('lbaas:config-options');

export interface OptionSpec {
  help: string;
  /** Defaults to the property name in snake_case. */
  name?: string;
  /** Defaults to ['DEFAULT']. */
  sections?: string[];
  secret?: boolean;
}

function snakeCase(property: string): string {
  return property.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

function typeOf(target: object, property: string): OptionType {
  const designType: unknown = Reflect.getMetadata('design:type', target, property);
  if (designType === Number) return 'number';
  if (designType === Boolean) return 'boolean';
  return 'string';
}

/** Declares a configuration option: readable from the INI file(s) and from the environment. */
export function Option(spec: OptionSpec): PropertyDecorator {
  return (target, key) => {
    const property = String(key);
    const name = spec.name ?? snakeCase(property);
    const sections = spec.sections ?? ['DEFAULT'];
    const canonical = sections[0];
    const env = `LBAAS_${canonical === 'DEFAULT' ? '' : `${canonical.toUpperCase()}_`}${name.toUpperCase()}`;
    const definition: OptionDefinition = {
      property,
      name,
      sections,
      env,
      type: typeOf(target, property),
      help: spec.help,
      secret: spec.secret ?? false,
    };
    const existing = (Reflect.getMetadata(OPTIONS_KEY, target) as OptionDefinition[] | undefined) ?? [];
    Reflect.defineMetadata(OPTIONS_KEY, [...existing, definition], target);
  };
}

export function optionsOf(configClass: new () => object): OptionDefinition[] {
  return (
    (Reflect.getMetadata(OPTIONS_KEY, configClass.prototype as object) as OptionDefinition[] | undefined) ??
    []
  );
}
