import { envelope } from '../../platform/rest/envelope.dto';
import { IsOptional } from 'class-validator';
import { IntegerField } from '../../platform/rest/resource-body.dto';

/** Octavia's names and the neutron spellings; -1 is unlimited. */
export class QuotaBody {
  @IsOptional() @IntegerField(-1) load_balancer?: number;
  @IsOptional() @IntegerField(-1) loadbalancer?: number;
  @IsOptional() @IntegerField(-1) listener?: number;
  @IsOptional() @IntegerField(-1) pool?: number;
  @IsOptional() @IntegerField(-1) member?: number;
  @IsOptional() @IntegerField(-1) health_monitor?: number;
  @IsOptional() @IntegerField(-1) healthmonitor?: number;
  @IsOptional() @IntegerField(-1) l7policy?: number;
  @IsOptional() @IntegerField(-1) l7rule?: number;
}

export class UpdateQuotaRequest extends envelope('quota', QuotaBody) {}
