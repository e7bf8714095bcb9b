resource "aws_appautoscaling_target" "worker" {
  service_namespace  = "ecs"
  resource_id        = "service/${element(split("/", var.cluster_arn), 1)}/${aws_ecs_service.worker.name}"
  scalable_dimension = "ecs:service:DesiredCount"
  min_capacity       = var.min_count
  max_capacity       = var.max_count
}

# Target tracking on backlog per task: ready messages in both worker queues divided by running tasks.
resource "aws_appautoscaling_policy" "queue_depth" {
  name               = "${var.name}-backlog-per-task"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.worker.service_namespace
  resource_id        = aws_appautoscaling_target.worker.resource_id
  scalable_dimension = aws_appautoscaling_target.worker.scalable_dimension

  target_tracking_scaling_policy_configuration {
    target_value       = var.backlog_per_task
    scale_in_cooldown  = 120
    scale_out_cooldown = 30

    customized_metric_specification {
      # Ready messages in each worker queue (Amazon MQ's metric, one per queue).
      dynamic "metrics" {
        for_each = { events = "arrakis.events.guild", interactions = "arrakis.interactions" }
        content {
          id          = metrics.key
          return_data = false
          metric_stat {
            stat = "Average"
            metric {
              namespace   = "AWS/AmazonMQ"
              metric_name = "MessageReadyCount"
              dimensions {
                name  = "Broker"
                value = var.amazon_mq_broker_name
              }
              dimensions {
                name  = "VirtualHost"
                value = var.amazon_mq_vhost
              }
              dimensions {
                name  = "Queue"
                value = metrics.value
              }
            }
          }
        }
      }
      metrics {
        id          = "tasks"
        return_data = false
        metric_stat {
          stat = "Average"
          metric {
            namespace   = "ECS/ContainerInsights"
            metric_name = "RunningTaskCount"
            dimensions {
              name  = "ClusterName"
              value = element(split("/", var.cluster_arn), 1)
            }
            dimensions {
              name  = "ServiceName"
              value = aws_ecs_service.worker.name
            }
          }
        }
      }
      metrics {
        id          = "backlog_per_task"
        label       = "Ready messages per running task"
        expression  = "(events + interactions) / IF(tasks > 0, tasks, 1)"
        return_data = true
      }
    }
  }
}
