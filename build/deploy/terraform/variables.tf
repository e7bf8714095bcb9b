variable "aws_region" {
  description = "AWS region to deploy into."
  type        = string
  default     = "eu-west-1"
}

variable "name" {
  description = "Name prefix for every resource (cluster service, log group, repository)."
  type        = string
  default     = "arrakis-worker"
}

variable "cluster_arn" {
  description = "ARN of the existing ECS cluster the service runs in."
  type        = string
}

variable "vpc_id" {
  description = "VPC of the service's tasks."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets for the tasks (they need a NAT route for HTTPS to Discord)."
  type        = list(string)
}

variable "rabbitmq_security_group_id" {
  description = "Security group of the RabbitMQ broker (Amazon MQ); the worker may reach it on AMQPS 5671 only."
  type        = string
}

variable "redis_security_group_id" {
  description = "Security group of the Redis cluster (ElastiCache); the worker may reach it on var.redis_port only."
  type        = string
}

variable "redis_port" {
  description = "Redis port."
  type        = number
  default     = 6379
}

variable "image_tag" {
  description = "Tag of the worker image in the ECR repository this module creates."
  type        = string
}

variable "secret_arns" {
  description = "Secrets Manager ARNs of the secret settings, by variable name: RABBITMQ_URL, REDIS_URL, DISCORD_BOT_TOKEN."
  type = object({
    RABBITMQ_URL      = string
    REDIS_URL         = string
    DISCORD_BOT_TOKEN = string
  })
}

variable "discord_application_id" {
  description = "The bot's Discord application id (DISCORD_APPLICATION_ID)."
  type        = string
}

variable "settings" {
  description = "Non-secret settings passed as environment variables (names of CONTRACT.md); overrides the defaults below."
  type        = map(string)
  default     = {}
}

variable "cpu" {
  description = "Task CPU units."
  type        = number
  default     = 512
}

variable "memory" {
  description = "Task memory (MiB); the worker's MEMORY_THRESHOLD_MB defaults to 200."
  type        = number
  default     = 1024
}

variable "desired_count" {
  description = "Tasks at deployment; autoscaling moves it between min_count and max_count."
  type        = number
  default     = 2
}

variable "min_count" {
  description = "Fewest tasks autoscaling keeps."
  type        = number
  default     = 2
}

variable "max_count" {
  description = "Most tasks autoscaling starts."
  type        = number
  default     = 20
}

variable "amazon_mq_broker_name" {
  description = "Amazon MQ broker name, for the queue-depth metric that drives autoscaling."
  type        = string
}

variable "amazon_mq_vhost" {
  description = "Virtual host of the worker's queues on the broker."
  type        = string
  default     = "/"
}

variable "backlog_per_task" {
  description = "Target of the autoscaling policy: ready messages in arrakis.events.guild + arrakis.interactions per running task."
  type        = number
  default     = 500
}

variable "log_retention_days" {
  description = "CloudWatch log retention."
  type        = number
  default     = 30
}
