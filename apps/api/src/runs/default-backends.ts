// The production backends of buildApp: the real supervisor, the scenario catalogue and the trace
// converter. Loaded only when buildApp is not given its own (unit tests give fakes).
import { basename } from 'node:path';
import { getDriver } from '@forkscope/supervisor';
import { createSupervisor } from '@forkscope/supervisor';
import { toChromeTrace as eventsToChromeTrace } from '@forkscope/protocol';
import type { ForkscopeEvent, RecordingHeader } from '@forkscope/protocol';
import { catalogue, getScenario, programFile, programSource, validateParams } from '@forkscope/scenarios';
import type { ScenarioMeta } from '@forkscope/scenarios';
import type { RunSupervisorLike, ScenarioCatalogueLike } from './run-backend.js';

export function createDefaultSupervisor(): RunSupervisorLike {
  return createSupervisor();
}

export async function loadDefaultCatalogue(): Promise<ScenarioCatalogueLike<ScenarioMeta>> {
  const python = (await getDriver('python').version?.()) ?? null;
  return {
    runtimeVersion: (driver) => (driver === 'python' ? python : null),
    list: () => catalogue,
    get: (id) => getScenario(id),
    validateParams: (scenario, input, driver) => validateParams(scenario, input, driver),
    launch: (scenario, driver) => ({ program: { file: programFile(scenario.id, driver) }, driver }),
    programName(scenario, driver) {
      try {
        return basename(programFile(scenario.id, driver));
      } catch {
        return null;
      }
    },
    source(scenario, driver) {
      try {
        return programSource(scenario.id, driver);
      } catch {
        return null;
      }
    },
  };
}

export function toChromeTrace(events: readonly ForkscopeEvent[], header: RecordingHeader): unknown {
  return eventsToChromeTrace(header, events);
}
