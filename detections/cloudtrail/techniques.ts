import type { MitreTechnique } from '../types';

/** ATT&CK techniques cited only by the CloudTrail detections added for Sigma coverage. */
export const MORE_MITRE = {
  instanceMetadataApi: { id: 'T1552.005', name: 'Unsecured Credentials: Cloud Instance Metadata API' },
  dataFromLocalSystem: { id: 'T1005', name: 'Data from Local System' },
  abuseElevationControl: { id: 'T1548', name: 'Abuse Elevation Control Mechanism' },
  implantInternalImage: { id: 'T1525', name: 'Implant Internal Image' },
} as const satisfies Record<string, MitreTechnique>;
