import { join } from 'node:path';

/** Where each piece of an environment lives inside a Terraform root (see DESIGN.md, "Environment model"). */
export const envPaths = {
  varsDir: (rootDir: string) => join(rootDir, 'vars'),
  tfvars: (rootDir: string, env: string) => join(rootDir, 'vars', `${env}.tfvars.json`),
  backendConfig: (rootDir: string, env: string) => join(rootDir, 'backends', `${env}.s3.tfbackend`),
  localSettings: (rootDir: string, env: string) => join(rootDir, '.challenge', `${env}.json`),
  dataDir: (rootDir: string, env: string) => join(rootDir, '.terraform', 'envs', env),
};

export const TFVARS_SUFFIX = '.tfvars.json';
