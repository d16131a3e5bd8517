import type { SiemConfigInput } from '../../config/schema';

/**
 * The home region and organization accounts most tests share; each test adds its own members and
 * settings. A fresh object per call, so a test that edits its config cannot change another's.
 */
export function testOrganization(): Pick<SiemConfigInput, 'homeRegion' | 'organization'> {
  return {
    homeRegion: 'eu-west-1',
    organization: {
      id: 'o-a1b2c3d4e5',
      managementAccountId: '111111111111',
      logArchiveAccountId: '222222222222',
    },
  };
}
