import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A root module exercising every kind of variable the validator reads. */
export const VARIABLES_TF = `
variable "tags" {
  description = "tags for resources"
  type        = map(string)
  default     = { "project" = "project_name", "env" = "mock" }
}

variable "ec2_key_pair_name" {
  description = "EC2 Key Pair"
  type        = string
  validation {
    condition     = length(var.ec2_key_pair_name) > 0 && length(var.ec2_key_pair_name) <= 255
    error_message = "The key pair name must have 1 to 255 characters."
  }
}

variable "desired_instance_capacity" {
  description = "Number of EC2 instances desired [0:2]"
  type        = number
  default     = 2
  validation {
    condition     = var.desired_instance_capacity >= 0 && var.desired_instance_capacity <= 2
    error_message = "Between 0 and 2 instances."
  }
}

variable "app_port" {
  type    = number
  default = 8000
  validation {
    condition     = var.app_port > 1023 && var.app_port < 65536
    error_message = "An unprivileged port."
  }
}

variable "region" {
  type    = string
  default = "us-east-2"
  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-\\\\d$", var.region))
    error_message = "A region name such as us-east-2."
  }
}

variable "instance_type" {
  type    = string
  default = "t3.micro"
  validation {
    condition     = contains(["t3.micro", "t3.small"], var.instance_type)
    error_message = "A small burstable type."
  }
}

variable "subnets" {
  type    = list(string)
  default = []
}

variable "settings" {
  type = object({
    name  = string
    size  = optional(number, 3)
    flags = optional(list(bool))
  })
  default = { name = "x" }
}

variable "enabled" {
  type    = bool
  default = true
}

variable "secret" {
  type      = string
  sensitive = true
  default   = "correct-horse"
  validation {
    condition     = length(var.secret) >= 8
    error_message = "At least 8 characters."
  }
}

variable "strict" {
  type     = string
  nullable = false
}

variable "untyped" {
  default = 1
}

variable "tricky" {
  type    = number
  default = 1
  validation {
    condition     = var.tricky == null || (var.tricky >= -5 && floor(var.tricky) == var.tricky)
    error_message = "A whole number from -5."
  }
}
`;

const created: string[] = [];

/** A temp folder holding `files` (relative path -> contents); removeTempRoots() deletes them all. */
export async function tempRoot(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'tfvars-test-'));
  created.push(root);
  for (const [name, contents] of Object.entries(files)) {
    await mkdir(dirname(join(root, name)), { recursive: true });
    await writeFile(join(root, name), contents);
  }
  return root;
}

/** Values that satisfy VARIABLES_TF. */
export const VALID_VALUES = { ec2_key_pair_name: 'my-key', strict: 'yes' };

export async function removeTempRoots(): Promise<void> {
  await Promise.all(created.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}
