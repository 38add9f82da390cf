// JEEVAN_STATE: the state this instance of Jeevan serves, as its two-letter code (as on
// vehicle registrations). One setting selects the state's profile (issue 15) and names the
// instance to its peers. Default UP, the desk Jeevan was built for.
import { ConfigError, type Env, reader } from './env.js';

export const DEFAULT_STATE_CODE = 'UP';

export function readStateCode(env: Env = process.env): string {
  const code = reader(env).string('JEEVAN_STATE', DEFAULT_STATE_CODE);
  if (!/^[A-Z]{2}$/.test(code))
    throw new ConfigError('JEEVAN_STATE', 'must be a two-letter state code such as UP or UK');
  return code;
}
