/**
 * The pure parts of the dialects' offline hooks: what MariaDB tracks of the foreign keys a script
 * creates, and which SQLite reads the shadow database answers.
 */
import {expect} from 'chai'

import {ForeignKeyTracker} from '../../src/dialects/mariadb/offline'
import {isCatalogRead} from '../../src/dialects/sqlite/offline'

describe('offline: MariaDB foreign keys tracked from the script', () => {
  it('names unnamed keys as InnoDB does, keeps named ones, forgets dropped keys and tables', () => {
    const tracker = new ForeignKeyTracker()
    tracker.observe('CREATE TABLE IF NOT EXISTS `posts` (`id` INTEGER, `author_id` INTEGER, `editor_id` INTEGER, PRIMARY KEY (`id`), ' +
      'FOREIGN KEY (`author_id`) REFERENCES `authors` (`id`) ON DELETE CASCADE, FOREIGN KEY (`editor_id`) REFERENCES `authors` (`id`)) ENGINE=InnoDB;')
    tracker.observe('ALTER TABLE `posts` ADD CONSTRAINT `posts_tag_fk` FOREIGN KEY (`tag_id`, `x`) REFERENCES `tags` (`id`, `y`);')
    tracker.observe('ALTER TABLE `posts` ADD FOREIGN KEY (`other`) REFERENCES `others` (`id`);')
    expect(tracker.keys.map((key) => [key.name, key.columns.join(','), key.referencedTable])).to.deep.equal([
      ['posts_ibfk_1', 'author_id', 'authors'],
      ['posts_ibfk_2', 'editor_id', 'authors'],
      ['posts_tag_fk', 'tag_id,x', 'tags'],
      ['posts_ibfk_3', 'other', 'others'],
    ])
    tracker.observe('ALTER TABLE `posts` DROP FOREIGN KEY `posts_ibfk_2`;')
    tracker.observe('ALTER TABLE `posts` RENAME COLUMN `author_id` TO `writer_id`;')
    tracker.observe('ALTER TABLE `posts` RENAME `articles`;')
    expect(tracker.keys.map((key) => [key.table, key.name, key.columns.join(',')])).to.deep.equal([
      ['articles', 'articles_ibfk_1', 'writer_id'],
      ['articles', 'posts_tag_fk', 'tag_id,x'],
      ['articles', 'articles_ibfk_3', 'other'],
    ])
    tracker.observe('DROP TABLE IF EXISTS `articles`;')
    expect(tracker.keys).to.deep.equal([])
  })
})

describe('offline: SQLite reads the shadow database answers', () => {
  it('answers the catalog only', () => {
    expect(isCatalogRead("SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'posts'")).to.equal(true)
    expect(isCatalogRead('PRAGMA legacy_alter_table')).to.equal(true)
    expect(isCatalogRead('PRAGMA TABLE_INFO(`posts`);')).to.equal(true)
    expect(isCatalogRead('SELECT sqlite_version() AS version')).to.equal(true)
    expect(isCatalogRead('PRAGMA foreign_keys = OFF')).to.equal(false)
    expect(isCatalogRead('SELECT id FROM posts')).to.equal(false)
    expect(isCatalogRead('SELECT p.id FROM sqlite_master m JOIN posts p ON 1')).to.equal(false)
  })
})
