import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { parseArgs } from 'node:util';
import { addDashboardsUser, assertEmail } from '../../operations/dashboards-user/add-user';
import { readUserPoolId, userPoolRegion } from '../../operations/dashboards-user/user-pool';
import type { CliCommand } from '../siem';

export interface DashboardsUserDependencies {
  /** A Cognito client of the pool's region (default credential chain in the CLI). */
  readonly cognito: (region: string) => CognitoIdentityProviderClient;
  readonly out: (line: string) => void;
}

export function dashboardsUserCommand(deps: DashboardsUserDependencies): CliCommand {
  return {
    summary:
      "Creates a Dashboards user in the log-archive stack's Cognito user pool (sign-up is off); Cognito emails a temporary password.",
    usage: `siem dashboards-user add (--outputs <terraform output -json file> | --user-pool-id ID) --email E [--name N]

  --outputs       the log-archive stack's outputs (its userPoolId output names the pool)
  --user-pool-id  the pool itself (<region>_<id>), instead of --outputs
  --email         the user's email: their user name, marked verified; the invitation goes there
  --name          the user's name (the Cognito "name" attribute)
  Runs with the default AWS credential chain, in the log-archive account. A user who already
  exists is reported and left alone: no second invitation.`,
    exitCodes: [
      [0, 'the user was created, or already existed (said which)'],
      [1, 'Cognito refused (the message names the pool and email), or a bad option'],
    ],
    async run(argv) {
      const [action, ...rest] = argv;
      if (action !== 'add') {
        throw new Error(`unknown action ${JSON.stringify(action ?? '')}: the only one is 'add'`);
      }
      const { values } = parseArgs({
        args: rest,
        options: {
          outputs: { type: 'string' },
          'user-pool-id': { type: 'string' },
          email: { type: 'string' },
          name: { type: 'string' },
        },
        strict: true,
        allowPositionals: false,
      });
      if (!values.email) throw new Error('give --email');
      assertEmail(values.email);
      if (values.outputs && values['user-pool-id'])
        throw new Error('give --outputs or --user-pool-id, not both');
      const userPoolId =
        values['user-pool-id'] ??
        (values.outputs ? readUserPoolId(values.outputs) : undefined) ??
        (() => {
          throw new Error('give --outputs (the log-archive stack outputs) or --user-pool-id');
        })();
      const region = userPoolRegion(userPoolId);
      const result = await addDashboardsUser(deps.cognito(region), {
        userPoolId,
        email: values.email,
        name: values.name,
      });
      deps.out(
        result.outcome === 'created'
          ? `created ${values.email} in ${userPoolId} (${result.userStatus}); Cognito emailed a temporary password`
          : `${values.email} already exists in ${userPoolId} (${result.userStatus}); nothing changed`,
      );
      return 0;
    },
  };
}

export const command = dashboardsUserCommand({
  cognito: (region) => new CognitoIdentityProviderClient({ region }),
  out: (line) => console.log(line),
});
