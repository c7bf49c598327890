// A request to run a scenario, checked against the catalogue the way the embedded manager checks it (same
// codes, same messages): on the API node that admits it, and again on the worker that takes it, whose
// catalogue is the one that will start the program.
import type { Driver } from '@forkscope/protocol';
import type { Refusal, StartRequest } from '../runs/run-manager.js';
import type { ScenarioCatalogueLike, ScenarioLike } from '../runs/run-backend.js';

export interface CheckedRequest<S extends ScenarioLike> {
  ok: true;
  scenario: S;
  driver: Driver;
  params: Record<string, unknown>;
}

export function checkScenarioRequest<S extends ScenarioLike>(
  catalogue: ScenarioCatalogueLike<S>,
  request: Pick<StartRequest, 'scenario' | 'params' | 'driver'>,
): CheckedRequest<S> | Refusal {
  const scenario = catalogue.get(request.scenario);
  if (!scenario) {
    return { ok: false, code: 'ERR_UNKNOWN_SCENARIO', field: 'scenario', message: `Unknown scenario ${JSON.stringify(request.scenario)}; GET /api/scenarios lists them` };
  }
  const driver = request.driver ?? scenario.drivers[0];
  if (driver === undefined || !scenario.drivers.includes(driver)) {
    return {
      ok: false,
      code: 'ERR_DRIVER_UNAVAILABLE',
      field: 'driver',
      message: `Scenario "${scenario.id}" has no ${String(request.driver)} program; it has: ${scenario.drivers.join(', ') || 'none'}`,
    };
  }
  const verdict = catalogue.validateParams(scenario, request.params ?? {}, driver);
  if (!verdict.ok) {
    const field = verdict.field.startsWith('params') ? verdict.field : `params.${verdict.field}`;
    return { ok: false, code: verdict.code, field, message: verdict.message };
  }
  return { ok: true, scenario, driver, params: verdict.params };
}
