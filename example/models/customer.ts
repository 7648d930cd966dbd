import {AllowNull, Column, DataType, HasMany, Model, Table, Unique} from 'sequelize-typescript'

import {Order} from './order'

/** Someone who places orders; identified by a unique email address. */
@Table({tableName: 'customers', underscored: true})
export class Customer extends Model {
  @Unique
  @AllowNull(false)
  @Column(DataType.STRING(255))
  declare email: string

  @AllowNull(false)
  @Column(DataType.STRING(100))
  declare name: string

  @HasMany(() => Order)
  declare orders?: Order[]
}
