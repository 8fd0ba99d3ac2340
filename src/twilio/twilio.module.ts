import { Module } from '@nestjs/common';
import { TwilioAdapter } from './twilio.adapter.js';
import { TWILIO_PORT } from './twilio.port.js';

@Module({ providers: [{ provide: TWILIO_PORT, useClass: TwilioAdapter }], exports: [TWILIO_PORT] })
export class TwilioModule {}
