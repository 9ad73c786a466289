package main

import (
	"context"
	"database/sql"
	"errors"
)

var errBadSignature = errors.New("bad signature")

type jobDB struct{ sql *sql.DB }

func openJobDB(url string) *jobDB {
	db, err := sql.Open("pgx", url)
	if err != nil {
		panic(err)
	}
	return &jobDB{sql: db}
}

func (d *jobDB) open(ctx context.Context) ([]job, error) {
	rows, err := d.sql.QueryContext(ctx, `SELECT id, pickup, dropoff, state FROM jobs WHERE state = 'open'`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []job
	for rows.Next() {
		var j job
		if err := rows.Scan(&j.ID, &j.Pickup, &j.Drop, &j.State); err != nil {
			return nil, err
		}
		out = append(out, j)
	}
	return out, rows.Err()
}

func (d *jobDB) insert(ctx context.Context, j *job) error {
	return d.sql.QueryRowContext(ctx, `INSERT INTO jobs (pickup, dropoff, state) VALUES ($1, $2, $3) RETURNING id`, j.Pickup, j.Drop, j.State).Scan(&j.ID)
}

func (d *jobDB) assign(ctx context.Context, id, driver string) error {
	res, err := d.sql.ExecContext(ctx, `UPDATE jobs SET driver = $2, state = 'assigned' WHERE id = $1 AND state = 'open'`, id, driver)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return sql.ErrNoRows
	}
	return nil
}

func (d *jobDB) cancel(ctx context.Context, id string) error {
	_, err := d.sql.ExecContext(ctx, `UPDATE jobs SET state = 'cancelled' WHERE id = $1`, id)
	return err
}
