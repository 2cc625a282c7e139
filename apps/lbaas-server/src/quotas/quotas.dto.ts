import { envelope } from '../resources/envelope.dto';
import { IsInt, IsOptional, Min } from 'class-validator';

/** Octavia's names and the neutron spellings; -1 is unlimited. */
export class QuotaBody {
  @IsOptional() @IsInt() @Min(-1) load_balancer?: number;
  @IsOptional() @IsInt() @Min(-1) loadbalancer?: number;
  @IsOptional() @IsInt() @Min(-1) listener?: number;
  @IsOptional() @IsInt() @Min(-1) pool?: number;
  @IsOptional() @IsInt() @Min(-1) member?: number;
  @IsOptional() @IsInt() @Min(-1) health_monitor?: number;
  @IsOptional() @IsInt() @Min(-1) healthmonitor?: number;
}

export class UpdateQuotaRequest extends envelope('quota', QuotaBody) {}
