/**
 * Pairs of hand-made schemas (database, models) that the property tests run compare, apply,
 * reverse and render on. Each pair exercises many operation kinds at once.
 */
import {SchemaDescription} from '../../src/schema/schema'
import {column, fk, id, index, schema, table, varchar} from './builders'

export interface SchemaPair {
  name: string
  from: SchemaDescription
  to: SchemaDescription
}

const statusType = (values: string[]) => column('status', {kind: 'enum', enumName: 'enum_users_status', values}, {nullable: false, default: {kind: 'literal', value: 'active'}})

/** A blog grows up on PostgreSQL: new tables, dropped tables, altered columns, enum values. */
const blog: SchemaPair = {
  name: 'postgres blog',
  from: schema('postgres', [
    table('users', [id(), varchar('name', 100, {nullable: false}), varchar('email'), column('fullname', 'text'), statusType(['active', 'banned'])]),
    table('posts', [id(), column('userId', 'integer'), varchar('title', 200), column('body', 'text')], {
      foreignKeys: [fk('userId', 'users', {name: 'posts_userId_fkey'})],
      indexes: [index('posts_user_id', ['userId'])],
    }),
    table('tags', [id(), varchar('label')]),
    table('legacy', [id(), column('tagId', 'integer'), column('data', 'json'), column('state', {kind: 'enum', enumName: 'enum_legacy_state', values: ['x', 'y']})], {
      foreignKeys: [fk('tagId', 'tags', {name: 'legacy_tagId_fkey'})],
    }),
    table('likes', [id(), column('userId', 'integer')], {foreignKeys: [fk('userId', 'users', {name: 'likes_userId_fkey'})]}),
  ], [
    {name: 'enum_users_status', values: ['active', 'banned']},
    {name: 'enum_legacy_state', values: ['x', 'y']},
  ]),
  to: schema('postgres', [
    table('users', [
      id(), varchar('name', 200, {nullable: false}), varchar('email'), column('bio', 'text', {default: {kind: 'literal', value: ''}, comment: 'About me'}),
      column('createdAt', {kind: 'date', precision: 3, withTimezone: true}, {nullable: false, default: {kind: 'now'}}),
      statusType(['active', 'pending', 'banned', 'deleted']),
    ], {uniqueConstraints: [{name: 'users_email_key', columns: ['email']}], comment: 'People who write'}),
    table('posts', [
      id(), column('userId', 'integer', {nullable: false}), varchar('title', 200), column('body', 'text'),
      column('published', 'boolean', {nullable: false, default: {kind: 'literal', value: false}}),
      column('kind', {kind: 'enum', enumName: 'enum_posts_kind', values: ['note', 'article']}),
    ], {
      foreignKeys: [fk('userId', 'users', {name: 'posts_userId_fkey', onDelete: 'CASCADE'})],
      indexes: [index('posts_user_id', ['userId'], {unique: true}), index('posts_title', ['title'], {where: '"published" = true', using: 'gin'})],
    }),
    table('comments', [id(), column('postId', 'integer', {nullable: false}), column('userId', 'integer'), column('body', 'text')], {
      foreignKeys: [fk('postId', 'posts', {onDelete: 'CASCADE'}), fk('userId', 'users')],
    }),
    table('categories', [id(), column('parentId', 'integer'), varchar('name')], {foreignKeys: [fk('parentId', 'categories')]}),
    table('likes', [id(), column('userId', 'integer')], {foreignKeys: [fk('userId', 'users', {onDelete: 'CASCADE', onUpdate: 'CASCADE'})]}),
  ], [
    {name: 'enum_users_status', values: ['active', 'pending', 'banned', 'deleted']},
    {name: 'enum_posts_kind', values: ['note', 'article']},
  ]),
}

/** New tables that reference each other in a cycle. */
const cycle: SchemaPair = {
  name: 'foreign key cycle',
  from: schema('postgres', [table('zeta', [id()])]),
  to: schema('postgres', [
    table('zeta', [id()]),
    table('a', [id(), column('bId', 'integer')], {foreignKeys: [fk('bId', 'b')]}),
    table('b', [id(), column('aId', 'integer')], {foreignKeys: [fk('aId', 'a')]}),
    table('c', [id(), column('aId', 'integer'), column('zetaId', 'integer')], {foreignKeys: [fk('aId', 'a'), fk('zetaId', 'zeta')]}),
  ]),
}

/** MariaDB: type changes, a composite primary key, uniques with and without names, comments. */
const shop: SchemaPair = {
  name: 'mariadb shop',
  from: schema('mariadb', [
    table('products', [id(), varchar('sku', 32, {nullable: false}), column('price', {kind: 'decimal', precision: 10, scale: 2}), column('stock', 'integer')], {
      uniqueConstraints: [{name: 'sku', columns: ['sku']}],
    }),
    table('order_lines', [column('orderId', 'integer', {nullable: false}), column('productId', 'integer', {nullable: false}), column('qty', 'smallint')], {
      primaryKey: {columns: ['orderId']},
    }),
  ]),
  to: schema('mariadb', [
    table('products', [
      id(), varchar('sku', 64, {nullable: false}), column('price', {kind: 'decimal', precision: 12, scale: 2, unsigned: true}),
      column('stock', {kind: 'integer', unsigned: true}, {default: {kind: 'literal', value: 0}, comment: "units 'on hand'"}),
      column('status', {kind: 'enum', values: ['draft', 'live']}, {nullable: false, default: {kind: 'literal', value: 'draft'}}),
    ], {uniqueConstraints: [{name: 'products_sku_uk', columns: ['sku']}], comment: 'Catalog'}),
    table('order_lines', [column('orderId', 'integer', {nullable: false}), column('productId', 'integer', {nullable: false}), column('qty', 'integer')], {
      primaryKey: {columns: ['orderId', 'productId']},
      foreignKeys: [fk('productId', 'products', {name: 'order_lines_product_fk', onUpdate: 'CASCADE'})],
    }),
  ]),
}

/** PostgreSQL enum type that loses and reorders values; a column uses it as an array. */
const enumShrink: SchemaPair = {
  name: 'postgres enum recreate',
  from: schema('postgres', [table('tickets', [
    id(),
    column('level', {kind: 'enum', enumName: 'enum_tickets_level', values: ['low', 'mid', 'high']}, {default: {kind: 'literal', value: 'low'}}),
    column('history', {kind: 'array', element: {kind: 'enum', enumName: 'enum_tickets_level', values: ['low', 'mid', 'high']}}),
  ])], [{name: 'enum_tickets_level', values: ['low', 'mid', 'high']}]),
  to: schema('postgres', [table('tickets', [
    id(),
    column('level', {kind: 'enum', enumName: 'enum_tickets_level', values: ['high', 'low']}, {default: {kind: 'literal', value: 'low'}}),
    column('history', {kind: 'array', element: {kind: 'enum', enumName: 'enum_tickets_level', values: ['high', 'low']}}),
  ])], [{name: 'enum_tickets_level', values: ['high', 'low']}]),
}

/** Tables in a non-default PostgreSQL schema, referencing one in the default schema. */
const schemas: SchemaPair = {
  name: 'postgres schemas',
  from: schema('postgres', [table('users', [id()])]),
  to: schema('postgres', [
    table('users', [id()]),
    table('orders', [id(), column('userId', 'integer'), column('tags', {kind: 'array', element: {kind: 'string', length: 20}})], {
      schema: 'shop',
      foreignKeys: [fk('userId', 'users', {name: 'orders_user_fk'})],
      indexes: [index('orders_tags', ['tags'], {using: 'gin'})],
    }),
    table('refunds', [id(), column('orderId', 'integer')], {schema: 'shop', foreignKeys: [fk('orderId', 'orders', {referencedSchema: 'shop'})]}),
  ]),
}

/** SQLite: columns change (Sequelize rebuilds the table), a table disappears. */
const sqlite: SchemaPair = {
  name: 'sqlite notes',
  from: schema('sqlite', [
    table('notes', [id(), column('text', 'text'), column('pinned', 'boolean')]),
    table('old', [id()]),
  ]),
  to: schema('sqlite', [
    table('notes', [id(), column('text', 'text', {nullable: false}), column('pinned', 'boolean', {nullable: false, default: {kind: 'literal', value: false}}), column('at', 'date', {default: {kind: 'now'}})], {
      indexes: [index('notes_pinned', ['pinned', 'at'], {where: 'pinned = 1'})],
    }),
  ]),
}

/** Every pair, for tests that run the same property on all. */
export const PAIRS: SchemaPair[] = [blog, cycle, shop, enumShrink, schemas, sqlite]
