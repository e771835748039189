create table if not exists report_orders (
    id bigserial primary key,
    customer text not null,
    month text not null,
    ordered_at timestamptz not null default now()
);
