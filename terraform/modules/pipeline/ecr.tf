# The app's images. Tags are immutable: what was approved is what runs, and the pipeline deploys by
# digest anyway (imagedefinitions.json carries repository@sha256:...).
resource "aws_ecr_repository" "app" {
  name                 = "${var.prefix}-app"
  image_tag_mutability = "IMMUTABLE"
  force_delete         = true

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = "AES256"
  }
}

# What production runs (or ran recently) is never expired by the push count: after a successful Deploy the
# pipeline tags the deployed digest deployed-<execution id> (record_deploy.tf). Rule 1 keeps the
# deployed_images_kept most recent deployed images; an image matched by a rule's tags can't be expired by a
# rule of lower priority, so rule 2 (any image, every build pushes one) never touches them.
# https://docs.aws.amazon.com/AmazonECR/latest/userguide/LifecyclePolicies.html
resource "aws_ecr_lifecycle_policy" "app" {
  repository = aws_ecr_repository.app.name
  policy = jsonencode({
    rules = [
      {
        rulePriority = 1
        description  = "Keep the ${var.deployed_images_kept} most recently deployed images"
        selection = {
          tagStatus     = "tagged"
          tagPrefixList = [local.deployed_tag_prefix]
          countType     = "imageCountMoreThan"
          countNumber   = var.deployed_images_kept
        }
        action = { type = "expire" }
      },
      {
        rulePriority = 2
        description  = "Keep the 20 most recent builds"
        selection = {
          tagStatus   = "any"
          countType   = "imageCountMoreThan"
          countNumber = 20
        }
        action = { type = "expire" }
      },
    ]
  })
}

# BuildKit's inline layer cache for the next build: one mutable tag, never deployed. Kept apart so the
# app repository can stay immutable.
resource "aws_ecr_repository" "build_cache" {
  name                 = "${var.prefix}-app-build-cache"
  image_tag_mutability = "MUTABLE"
  force_delete         = true

  image_scanning_configuration {
    scan_on_push = false
  }

  encryption_configuration {
    encryption_type = "AES256"
  }
}

resource "aws_ecr_lifecycle_policy" "build_cache" {
  repository = aws_ecr_repository.build_cache.name
  policy = jsonencode({
    rules = [{
      rulePriority = 1
      description  = "Drop cache images the tag has moved away from"
      selection = {
        tagStatus   = "untagged"
        countType   = "sinceImagePushed"
        countUnit   = "days"
        countNumber = 1
      }
      action = { type = "expire" }
    }]
  })
}
