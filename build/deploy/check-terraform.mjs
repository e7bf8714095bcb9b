// Parses every .tf file with HashiCorp's HCL parser (compiled to WebAssembly in @cdktf/hcl2json) and checks that the
// deployment has what the operations issue asks of it. Exits non-zero with one line per problem.
import { parse } from "@cdktf/hcl2json";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

const dir = process.env.TERRAFORM_DIR ?? path.join(path.dirname(new URL(import.meta.url).pathname), "terraform");
const merged = { resource: {}, variable: {}, output: {} };
for (const file of (await readdir(dir)).filter((f) => f.endsWith(".tf")).sort()) {
  const json = await parse(file, await readFile(path.join(dir, file), "utf8"));
  for (const kind of Object.keys(merged)) {
    for (const [type, body] of Object.entries(json[kind] ?? {})) {
      merged[kind][type] = kind === "resource" ? { ...(merged[kind][type] ?? {}), ...body } : body;
    }
  }
}

const problems = [];
const resource = (type, name) => merged.resource[type]?.[name]?.[0];
const need = (ok, what) => { if (!ok) problems.push(what); };

need(resource("aws_cloudwatch_log_group", "worker"), "a CloudWatch log group");
const repo = resource("aws_ecr_repository", "worker");
need(repo?.image_scanning_configuration?.[0]?.scan_on_push === true, "an ECR repository with scan on push");
need(resource("aws_ecr_lifecycle_policy", "worker"), "an ECR lifecycle policy");

const egress = Object.values(merged.resource.aws_vpc_security_group_egress_rule ?? {}).map((r) => r[0]);
need(resource("aws_security_group", "worker"), "a security group for the tasks");
need(!merged.resource.aws_vpc_security_group_ingress_rule, "no ingress rule on the worker's security group");
need(egress.some((r) => r.from_port === 5671 && r.to_port === 5671), "egress to RabbitMQ on AMQPS 5671");
need(egress.some((r) => String(r.from_port).includes("redis_port")), "egress to Redis");
need(egress.some((r) => r.from_port === 443), "egress to HTTPS 443");
need(egress.every((r) => r.from_port === r.to_port), "egress rules open single ports only");

const task = resource("aws_ecs_task_definition", "worker");
need(task?.requires_compatibilities?.includes("FARGATE"), "a Fargate task definition");
const containers = task?.container_definitions ?? "";
for (const secret of ["RABBITMQ_URL", "REDIS_URL", "DISCORD_BOT_TOKEN"]) {
  need(merged.variable.secret_arns?.[0]?.type?.includes(secret), `the secret ${secret} from Secrets Manager`);
}
need(/secrets\s*=/.test(containers) && /valueFrom/.test(containers), "container secrets with valueFrom");
need(/healthCheck/.test(containers) && /--health-check/.test(containers), "the container health check");
const stop = /stopTimeout\s*=\s*(\d+)/.exec(containers);
need(stop && Number(stop[1]) > 25, "a stop timeout above the worker's 25 s shutdown drain");
need(/aws-otel-collector/.test(containers), "an ADOT collector sidecar");

const service = resource("aws_ecs_service", "worker");
const breaker = service?.deployment_circuit_breaker?.[0];
need(breaker?.enable === true && breaker?.rollback === true, "an ECS service with the deployment circuit breaker and rollback");
const policy = resource("aws_appautoscaling_policy", "queue_depth");
need(policy?.policy_type === "TargetTrackingScaling", "target-tracking autoscaling");
need(JSON.stringify(policy ?? {}).includes("MessageReadyCount"), "autoscaling on queue depth");

for (const [name, v] of Object.entries(merged.variable)) need(v[0]?.description, `a description for variable ${name}`);
for (const [name, o] of Object.entries(merged.output)) need(o[0]?.description, `a description for output ${name}`);

if (problems.length) {
  for (const p of problems) console.error(`terraform: missing ${p}`);
  process.exit(1);
}
console.log(`terraform: ${Object.values(merged.resource).reduce((n, r) => n + Object.keys(r).length, 0)} resources parsed and checked`);
