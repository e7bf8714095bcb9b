locals {
  container_name = "worker"
  # Non-secret settings; names and meanings are fixed by CONTRACT.md.
  environment = merge({
    DISCORD_APPLICATION_ID = var.discord_application_id
    EXCHANGE_NAME          = "arrakis.events"
    INTERACTION_QUEUE      = "arrakis.interactions"
    EVENT_QUEUE            = "arrakis.events.guild"
    DLQ_QUEUE              = "arrakis.dlq"
    HEALTH_PORT            = "8080"
    LOG_LEVEL              = "info"
    NODE_ENV               = "production"
    # Traces and metrics go to the ADOT sidecar, which forwards traces to X-Ray.
    OTEL_EXPORTER_OTLP_ENDPOINT = "http://127.0.0.1:4317"
    OTEL_SERVICE_NAME           = var.name
  }, var.settings)
}

resource "aws_cloudwatch_log_group" "worker" {
  name              = "/ecs/${var.name}"
  retention_in_days = var.log_retention_days
}

resource "aws_ecr_repository" "worker" {
  name                 = var.name
  image_tag_mutability = "IMMUTABLE"
  image_scanning_configuration {
    scan_on_push = true
  }
}

resource "aws_ecr_lifecycle_policy" "worker" {
  repository = aws_ecr_repository.worker.name
  policy = jsonencode({
    rules = [
      {
        rulePriority = 1
        description  = "Drop untagged images after 7 days"
        selection    = { tagStatus = "untagged", countType = "sinceImagePushed", countUnit = "days", countNumber = 7 }
        action       = { type = "expire" }
      },
      {
        rulePriority = 2
        description  = "Keep the 30 most recent images"
        selection    = { tagStatus = "any", countType = "imageCountMoreThan", countNumber = 30 }
        action       = { type = "expire" }
      }
    ]
  })
}

# No ingress at all: the worker only makes outbound connections (health checks run inside the task).
resource "aws_security_group" "worker" {
  name        = var.name
  description = "Arrakis worker: egress to RabbitMQ (AMQPS), Redis and HTTPS only"
  vpc_id      = var.vpc_id
}

resource "aws_vpc_security_group_egress_rule" "rabbitmq" {
  security_group_id            = aws_security_group.worker.id
  description                  = "RabbitMQ over AMQPS"
  ip_protocol                  = "tcp"
  from_port                    = 5671
  to_port                      = 5671
  referenced_security_group_id = var.rabbitmq_security_group_id
}

resource "aws_vpc_security_group_egress_rule" "redis" {
  security_group_id            = aws_security_group.worker.id
  description                  = "Redis"
  ip_protocol                  = "tcp"
  from_port                    = var.redis_port
  to_port                      = var.redis_port
  referenced_security_group_id = var.redis_security_group_id
}

resource "aws_vpc_security_group_egress_rule" "https" {
  security_group_id = aws_security_group.worker.id
  description       = "HTTPS: Discord's API, ECR, Secrets Manager, X-Ray, CloudWatch"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_ecs_task_definition" "worker" {
  family                   = var.name
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.cpu
  memory                   = var.memory
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task.arn
  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64"
  }

  container_definitions = jsonencode([
    {
      name      = local.container_name
      image     = "${aws_ecr_repository.worker.repository_url}:${var.image_tag}"
      essential = true
      # Above the worker's own drain (SHUTDOWN_TIMEOUT_MS, 25 s) so SIGTERM's in-flight work can finish.
      stopTimeout  = 30
      environment  = [for k, v in local.environment : { name = k, value = v }]
      secrets      = [for k, arn in var.secret_arns : { name = k, valueFrom = arn }]
      portMappings = [{ containerPort = 8080, protocol = "tcp" }]
      healthCheck = {
        command     = ["CMD", "dotnet", "/app/Arrakis.Worker.dll", "--health-check"]
        interval    = 15
        timeout     = 5
        retries     = 3
        startPeriod = 20
      }
      dependsOn = [{ containerName = "aws-otel-collector", condition = "START" }]
      logConfiguration = {
        logDriver = "awslogs"
        options = {
          awslogs-group         = aws_cloudwatch_log_group.worker.name
          awslogs-region        = var.aws_region
          awslogs-stream-prefix = "worker"
        }
      }
    },
    {
      name      = "aws-otel-collector"
      image     = "public.ecr.aws/aws-observability/aws-otel-collector:v0.43.3"
      essential = false
      # The image's built-in ECS configuration: OTLP in, traces to X-Ray, metrics to CloudWatch (EMF).
      command = ["--config=/etc/ecs/ecs-default-config.yaml"]
      logConfiguration = {
        logDriver = "awslogs"
        options = {
          awslogs-group         = aws_cloudwatch_log_group.worker.name
          awslogs-region        = var.aws_region
          awslogs-stream-prefix = "otel"
        }
      }
    }
  ])
}

resource "aws_ecs_service" "worker" {
  name                               = var.name
  cluster                            = var.cluster_arn
  task_definition                    = aws_ecs_task_definition.worker.arn
  desired_count                      = var.desired_count
  launch_type                        = "FARGATE"
  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = 200
  propagate_tags                     = "SERVICE"

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  network_configuration {
    subnets          = var.subnet_ids
    security_groups  = [aws_security_group.worker.id]
    assign_public_ip = false
  }

  # Autoscaling owns the count after the first deployment.
  lifecycle {
    ignore_changes = [desired_count]
  }
}
