output "ecr_repository_url" {
  description = "Where CI pushes the worker image."
  value       = aws_ecr_repository.worker.repository_url
}

output "service_name" {
  description = "The ECS service; CI waits for it to be stable after a deployment."
  value       = aws_ecs_service.worker.name
}

output "task_definition_arn" {
  description = "The task definition revision this apply produced."
  value       = aws_ecs_task_definition.worker.arn
}

output "log_group_name" {
  description = "CloudWatch log group of the worker and its collector."
  value       = aws_cloudwatch_log_group.worker.name
}

output "security_group_id" {
  description = "The worker tasks' security group (egress only)."
  value       = aws_security_group.worker.id
}
