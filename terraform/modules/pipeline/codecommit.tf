resource "aws_codecommit_repository" "app" {
  repository_name = "${var.prefix}-app"
  description     = "Source of the candidates app; `challenge ship app` pushes apps/flask-app to main."
  default_branch  = "main"
}
