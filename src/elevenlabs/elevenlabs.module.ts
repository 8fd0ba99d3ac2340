import { Module } from '@nestjs/common';
import { ElevenlabsAdapter } from './elevenlabs.adapter.js';
import { ELEVENLABS_PORT } from './elevenlabs.port.js';

@Module({ providers: [{ provide: ELEVENLABS_PORT, useClass: ElevenlabsAdapter }], exports: [ELEVENLABS_PORT] })
export class ElevenlabsModule {}
