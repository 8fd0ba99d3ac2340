import { Resource } from '@adminjs/typeorm';
import { flat, ValidationError, type ParamsType } from 'adminjs';
import { QueryFailedError, type FindManyOptions, type ObjectLiteral, type Repository } from 'typeorm';

/**
 * @adminjs/typeorm expects ActiveRecord entities (static `find`, instance `save`); ours are plain
 * data-mapper classes. This hands the adapter a small model over our Repository, so its property
 * mapping and filter conversion are reused, and writes go through the repository. AdminJS takes a
 * ready BaseResource instance as is, so no adapter needs registering.
 */
export class RepositoryResource<T extends ObjectLiteral = ObjectLiteral> extends Resource {
  constructor(
    protected readonly repository: Repository<T>,
    private readonly resourceId: string,
    model: RepositoryModel = repositoryModel(repository),
  ) {
    // The adapter's constructor is typed for BaseEntity classes; it only uses what RepositoryModel has.
    super(model as unknown as ConstructorParameters<typeof Resource>[0]);
  }

  override id(): string {
    return this.resourceId;
  }

  override name(): string {
    return this.resourceId;
  }

  override async create(params: Record<string, unknown>): Promise<ParamsType> {
    const entity = this.repository.create(this.unflatten(params) as T);
    return this.saved(() => this.repository.save(entity));
  }

  override async update(pk: string | number, params: Record<string, unknown> = {}): Promise<ParamsType> {
    const entity = await this.repository.findOneBy({ [this.idName()]: pk } as never);
    if (!entity) throw new ValidationError({}, { type: 'notFound', message: `No record '${pk}'` });
    return this.saved(() => this.repository.save(this.repository.merge(entity, this.unflatten(params) as never)));
  }

  override async delete(pk: string | number): Promise<void> {
    await this.saved(() => this.repository.delete({ [this.idName()]: pk } as never));
  }

  /**
   * A form's strings typed as the columns take them, nested back into objects. The adapter converts
   * the same way in a private method; this does it through the public property API: a number column
   * (or an array of them) gets numbers, an emptied reference null. Decimal columns are strings to
   * the adapter (money stays exact); everything else passes as sent.
   */
  protected unflatten(params: Record<string, unknown>): Record<string, unknown> {
    const typed: Record<string, unknown> = { ...params };
    for (const property of this.properties()) {
      const key = property.path();
      const value = flat.get(typed as ParamsType, key) as unknown;
      if (value === undefined) continue;
      if (property.type() === 'number') typed[key] = property.isArray() && Array.isArray(value) ? value.map(formNumber) : formNumber(value);
      else if (property.type() === 'reference' && value === null) typed[key] = null;
    }
    return flat.unflatten(typed);
  }

  /** A constraint the database refuses (a duplicate slug, a foreign key) is shown on the form, not a 500. */
  protected async saved<R>(write: () => Promise<R>): Promise<R> {
    try {
      return await write();
    } catch (err) {
      if (err instanceof QueryFailedError) {
        throw new ValidationError({}, { type: 'QueryFailedError', message: (err as { detail?: string }).detail ?? err.message });
      }
      throw err;
    }
  }
}

/** What the adapter calls on an ActiveRecord entity class, already given TypeORM find options. */
export interface RepositoryModel {
  name: string;
  getRepository(): Repository<ObjectLiteral>;
  count(options: FindManyOptions): Promise<number>;
  find(options: FindManyOptions): Promise<ObjectLiteral[]>;
  findOneBy(where: object): Promise<ObjectLiteral | null>;
  findBy(where: object): Promise<ObjectLiteral[]>;
}

export function repositoryModel<T extends ObjectLiteral>(repository: Repository<T>): RepositoryModel {
  return {
    name: repository.metadata.name,
    getRepository: () => repository as unknown as Repository<ObjectLiteral>,
    count: (options) => repository.count(options as FindManyOptions<T>),
    find: (options) => repository.find(options as FindManyOptions<T>),
    findOneBy: (where) => repository.findOneBy(where),
    findBy: (where) => repository.findBy(where),
  };
}

/** A form's number ("42", "-1.5") as a number; anything else (blank, text) is left for validation to refuse. */
function formNumber(value: unknown): unknown {
  return typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value;
}
