# How many app tasks the hosts hold: validates desired_tasks (variables.tf).
locals {
  burstable_memory_mib = { nano = 512, micro = 1024, small = 2048, medium = 4096, large = 8192, xlarge = 16384, "2xlarge" = 32768 }
  # Memory of the "large" size of each fixed-performance family; xlarge doubles it, and so on.
  large_memory_mib = {
    m5 = 8192, m5a = 8192, m6i = 8192, m6a = 8192, m7i = 8192, m7a = 8192,
    c5 = 4096, c5a = 4096, c6i = 4096, c6a = 4096, c7i = 4096, c7a = 4096,
    r5 = 16384, r5a = 16384, r6i = 16384, r6a = 16384, r7i = 16384, r7a = 16384,
  }
  size_factor = { large = 1, xlarge = 2, "2xlarge" = 4, "4xlarge" = 8 }

  # The x86_64 instance types the stack accepts, with their memory in MiB.
  instance_memory_mib = merge(
    merge([for family in ["t2", "t3", "t3a"] : { for size, mib in local.burstable_memory_mib : "${family}.${size}" => mib }]...),
    merge([for family, mib in local.large_memory_mib : { for size, factor in local.size_factor : "${family}.${size}" => mib * factor }]...),
  )

  # ECS registers a host's memory less what the kernel and the agent keep (modelled as 128 MiB).
  tasks_per_host = floor((lookup(local.instance_memory_mib, var.instance_type, 0) - 128) / var.task_memory_mib)
  task_slots     = var.desired_instance_capacity * local.tasks_per_host
}
