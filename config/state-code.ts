// JEEVAN_STATE: the state this instance of Jeevan serves, as its two-letter code (as on
// vehicle registrations). One setting selects the state's profile (issue 15,
// domain/profiles/<code>/) and names the instance to its peers. Default UP, the desk Jeevan
// was built for.
import { isProfileCode, PROFILE_CODES, profileOf, type StateProfile } from '../domain/profiles/index.js';
import { ConfigError, type Env, reader } from './env.js';

export const DEFAULT_STATE_CODE = 'UP';

/** The instance's state code; refused unless a profile for it ships (domain/profiles/). */
export function readStateCode(env: Env = process.env): string {
  const code = reader(env).string('JEEVAN_STATE', DEFAULT_STATE_CODE);
  if (!/^[A-Z]{2}$/.test(code))
    throw new ConfigError('JEEVAN_STATE', 'must be a two-letter state code such as UP or UK');
  if (!isProfileCode(code))
    throw new ConfigError(
      'JEEVAN_STATE',
      `has no state profile for ${code}: the known ones are ${PROFILE_CODES.join(', ')} (domain/profiles/<code>/)`,
    );
  return code;
}

/** The instance's state profile (JEEVAN_STATE). */
export function readStateProfile(env: Env = process.env): StateProfile {
  return profileOf(readStateCode(env));
}
