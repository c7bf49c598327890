// The run form's state: the scenario, its parameters and driver (remembered per scenario), and their
// check before a run is asked for. A run that is loaded (watched, replayed) sets the form to its own
// scenario, parameters and driver, so a viewer sees what ran, not the defaults.
import { useCallback, useState } from 'react';
import type { Driver } from '@forkscope/protocol';
import { catalogue, getScenario, paramsFor, validateParams, type ParamSpec, type ScenarioMeta } from '@forkscope/scenarios/catalogue';
import { preferredDriver } from './use-drivers.js';

export interface RunForm {
  scenarioId: string;
  meta: ScenarioMeta | undefined;
  params: Record<string, unknown>;
  driver: Driver;
  /** The parameters of this scenario under this driver. */
  specs: readonly ParamSpec[];
  errors: Record<string, string>;
  choose(id: string): void;
  setParams(next: Record<string, unknown>): void;
  setDriver(driver: Driver): void;
  /** Takes a loaded run's scenario, parameters and driver. */
  adopt(run: { scenario: string; params: Record<string, unknown>; driver: Driver | null }): void;
  /** The checked request, or null with the errors shown. */
  submit(): { scenario: string; params: Record<string, unknown>; driver: Driver } | null;
}

function defaults(id: string): Record<string, unknown> {
  return Object.fromEntries((getScenario(id)?.params ?? []).map((p) => [p.name, p.default]));
}

export function useRunForm(available: ReadonlySet<Driver> | null): RunForm {
  const [scenarioId, setScenarioId] = useState<string>(() => catalogue.find((s) => s.id === 'first-child')?.id ?? catalogue[0]?.id ?? '');
  const [paramsById, setParamsById] = useState<Record<string, Record<string, unknown>>>({});
  const [driverById, setDriverById] = useState<Record<string, Driver>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const meta = getScenario(scenarioId);
  const driver: Driver = driverById[scenarioId] ?? preferredDriver(meta?.drivers ?? [], available);
  const params = paramsById[scenarioId] ?? defaults(scenarioId);
  // Some parameters exist for one driver only (Python's buffering and start method).
  const specs = meta ? paramsFor(meta, driver) : [];

  const choose = useCallback((id: string) => {
    setScenarioId(id);
    setErrors({});
  }, []);
  const adopt = useCallback((run: { scenario: string; params: Record<string, unknown>; driver: Driver | null }) => {
    if (!getScenario(run.scenario)) return;
    setScenarioId(run.scenario);
    setParamsById((m) => ({ ...m, [run.scenario]: { ...defaults(run.scenario), ...run.params } }));
    if (run.driver) setDriverById((m) => ({ ...m, [run.scenario]: run.driver! }));
    setErrors({});
  }, []);

  return {
    scenarioId,
    meta,
    params,
    driver,
    specs,
    errors,
    choose,
    adopt,
    setParams: (next) => setParamsById((m) => ({ ...m, [scenarioId]: next })),
    setDriver: (d) => setDriverById((m) => ({ ...m, [scenarioId]: d })),
    submit() {
      if (!meta) return null;
      const given = Object.fromEntries(specs.filter((spec) => Object.hasOwn(params, spec.name)).map((spec) => [spec.name, params[spec.name]]));
      const checked = validateParams(meta, given, driver);
      if (!checked.ok) {
        setErrors({ [checked.field]: checked.message });
        return null;
      }
      setErrors({});
      return { scenario: meta.id, params: checked.params, driver };
    },
  };
}
