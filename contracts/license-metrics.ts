/**
 * The license metrics: one definition, used by the reporter (publishing) and the CDK construct
 * (alarms). Namespace and names are part of the product's public surface (docs/licensing.md).
 */
export const LICENSE_NAMESPACE = 'Codreum/License';
export const LICENSE_DIMENSION = 'LicenseId';

export const LICENSE_METRICS = {
  /** 1 when a verified, current (within grace), active, unexpired license is on record; else 0. */
  licenseValid: 'LicenseValid',
  /** Days until the license ends (negative once ended); only when a verified answer exists. */
  daysToExpiry: 'DaysToExpiry',
  /** 1 when the latest check produced a verified answer; else 0. */
  checkSucceeded: 'CheckSucceeded',
  /** Monitored subject ids that the latest verified answer does not entitle. */
  subjectsNotCovered: 'SubjectsNotCovered',
  /** Hours since the last verified answer (since the first attempt while there was none). */
  hoursSinceLastSuccess: 'HoursSinceLastSuccess',
} as const;
