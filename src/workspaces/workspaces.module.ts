import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SecretCipher } from '../common/secret-cipher.js';
import { Snapshot, Workspace } from '../entities/index.js';
import { WorkspacesController } from './workspaces.controller.js';
import { WorkspacesService } from './workspaces.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Workspace, Snapshot])],
  controllers: [WorkspacesController],
  providers: [WorkspacesService, SecretCipher],
  exports: [WorkspacesService],
})
export class WorkspacesModule {}
