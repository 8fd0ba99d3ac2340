import { flat, ValidationError, type ParamsType, type ResourceWithOptions } from 'adminjs';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { DataSource } from 'typeorm';
import { Workspace } from '../../entities/index.js';
import { currencyOf, RateInputError } from '../../exchange-rates/rate-input.js';
import { CreateWorkspaceDto, UpdateWorkspaceDto } from '../../workspaces/dto/workspace.dto.js';
import type { WorkspacesService } from '../../workspaces/workspaces.service.js';
import { hidden, isAdmin, navigation, notEditable, withoutFields } from './access.js';
import { money, withDisplay } from './display.js';
import { RepositoryResource } from './repository.resource.js';

/** Secrets can be typed in a form; they are never sent back, in any action's response. */
const SECRET_FIELDS = ['elevenlabsApiKey', 'twilioAuthToken', 'elevenlabsApiKeyEncrypted', 'twilioAuthTokenEncrypted'];
/** What the form edits, in its order: the fields the workspace DTOs accept. */
const EDITABLE = [
  'name',
  'slug',
  'twilioPhoneNumbers',
  'elevenlabsAgentIds',
  'elevenlabsApiKey',
  'twilioAccountSid',
  'twilioAuthToken',
  'currency',
  'clientPricePerMinute',
  'active',
] as const;
const writeOnly = { type: 'password' as const, isVisible: { list: false, filter: false, show: false, edit: true } };

/**
 * Workspaces are written through WorkspacesService, as the REST API writes them: one validation,
 * one place where secrets are encrypted.
 */
class WorkspaceResource extends RepositoryResource<Workspace> {
  constructor(
    ds: DataSource,
    private readonly service: WorkspacesService,
  ) {
    super(ds.getRepository(Workspace), 'workspaces');
  }

  override async create(params: Record<string, unknown>): Promise<ParamsType> {
    const dto = await validated(CreateWorkspaceDto, withCurrency(formValues(params)));
    return withoutSecrets(await this.saved(() => this.service.create(dto)));
  }

  override async update(id: string, params: Record<string, unknown>): Promise<ParamsType> {
    const values = formValues(params);
    // An empty secret field on the edit form means "leave it as it is".
    for (const secret of ['elevenlabsApiKey', 'twilioAuthToken']) if (values[secret] === null) delete values[secret];
    const dto = await validated(UpdateWorkspaceDto, withCurrency(values));
    return withoutSecrets(await this.saved(() => this.service.update(id, dto)));
  }

  override async delete(id: string): Promise<void> {
    await this.service.remove(id);
  }
}

export function workspaceResource(ds: DataSource, service: WorkspacesService, components: { show: string }): ResourceWithOptions {
  return {
    resource: new WorkspaceResource(ds, service),
    options: {
      navigation: navigation.clients,
      sort: { sortBy: 'name', direction: 'asc' },
      listProperties: ['name', 'slug', 'twilioPhoneNumbers', 'clientPricePerMinute', 'currency', 'active'],
      filterProperties: ['name', 'slug', 'active'],
      editProperties: [...EDITABLE],
      properties: {
        id: notEditable,
        elevenlabsApiKeyEncrypted: hidden,
        twilioAuthTokenEncrypted: hidden,
        elevenlabsApiKey: { ...writeOnly, description: 'Write-only. Leave empty to keep the current key.' },
        twilioAuthToken: { ...writeOnly, description: 'Write-only. Only for a workspace with its own Twilio account.' },
        // In the workspace's own currency: shown with its symbol, and the form says so.
        clientPricePerMinute: withDisplay(
          { type: 'string', description: "What the client pays per minute, in the workspace's Currency below; enables margin in reports" },
          money({ currencyPath: 'currency', digits: 4 }),
        ),
        currency: { description: 'ISO 4217 code the client is billed in, such as EUR or USD: the client price per minute is in it' },
        createdAt: notEditable,
        updatedAt: notEditable,
      },
      actions: {
        delete: { isAccessible: isAdmin },
        bulkDelete: { isAccessible: isAdmin },
        new: { isAccessible: isAdmin, after: withoutFields(SECRET_FIELDS) },
        edit: { isAccessible: isAdmin, after: withoutFields(SECRET_FIELDS) },
        // Our page draws its own header (name, Edit for admins, Excel).
        show: { component: components.show, hideActionHeader: true },
      },
    },
  };
}

function withoutSecrets(workspace: Workspace): ParamsType {
  const { elevenlabsApiKeyEncrypted: _a, twilioAuthTokenEncrypted: _b, ...rest } = workspace;
  return flat.flatten(rest);
}

/** Form values as the DTOs expect them: arrays rebuilt, blanks as null, booleans as booleans. */
function formValues(params: Record<string, unknown>): Record<string, unknown> {
  const values = flat.unflatten<Record<string, unknown>, Record<string, unknown>>(params);
  const out: Record<string, unknown> = {};
  for (const key of EDITABLE) {
    if (!(key in values)) continue;
    const value = values[key];
    if (key === 'active') out[key] = value === true || value === 'true';
    else if (key === 'twilioPhoneNumbers' || key === 'elevenlabsAgentIds') out[key] = Array.isArray(value) ? value.filter((v) => v !== '') : [];
    else out[key] = value === '' || value === undefined ? null : value;
  }
  return out;
}

/**
 * The currency as a real ISO 4217 code (upper-cased: "eur" is EUR), the rule the exchange rates
 * use; "XYZ" or "EURO" is a form error on the field, not a workspace no report can convert.
 */
function withCurrency(values: Record<string, unknown>): Record<string, unknown> {
  if (values.currency === undefined || values.currency === null) return values;
  try {
    return { ...values, currency: currencyOf(values.currency) };
  } catch (err) {
    if (!(err instanceof RateInputError)) throw err;
    throw new ValidationError({ currency: { type: 'invalid', message: err.message } }, { type: 'invalid', message: err.message });
  }
}

async function validated<T extends object>(cls: new () => T, values: Record<string, unknown>): Promise<T> {
  const dto = plainToInstance(cls, values);
  const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length) {
    const fields = Object.fromEntries(errors.map((e) => [e.property, { type: 'invalid', message: Object.values(e.constraints ?? {})[0] ?? 'invalid' }]));
    throw new ValidationError(fields, { type: 'invalid', message: Object.values(fields)[0].message });
  }
  return dto;
}
