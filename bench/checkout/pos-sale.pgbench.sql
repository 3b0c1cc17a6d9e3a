-- One point-of-sale sale in the SQL shape of a Kassa checkout, for pgbench (the database's own
-- ceiling that `npm run bench:checkout` compares Kassa with): the register's receipt counter,
-- the sale, 5 sale lines, 1 tender, 5 stock level updates and 1 audit row, in one durable
-- transaction. Statements come in Kassa's order: the stock rows, the ones sales contend for
-- (hot SKU), are locked late, so they are held for the last few statements and the commit only.
--
-- Literal JSON keeps a space after each colon: pgbench reads ":name" as a variable.
-- Runs against a copy of the bench database (ids are deterministic, see bench/checkout/layout.ts)
-- with the bench-only schema `bench` (bench.audit_log, bench.uuid7()). Variables given with -D:
--   stores, perstore   stores and registers per store of the seed
--   nproducts          products in the catalogue
--   hot                1: every sale holds product 1 and every client sells in store 1
-- Client i sells on its own register, mapped as the Kassa driver maps terminal i.
-- Products are drawn one from each fifth of the catalogue, so the 5 stock rows are updated in
-- ascending id order (Kassa sorts them too): concurrent sales cannot deadlock.
\set store CASE WHEN :hot = 1 THEN 1 ELSE :client_id % :stores + 1 END
\set k CASE WHEN :hot = 1 THEN :client_id + 1 ELSE :client_id / :stores + 1 END
\set reg (:store - 1) * :perstore + :k
\set fifth :nproducts / 5
\set p1 CASE WHEN :hot = 1 THEN 1 ELSE random(1, :fifth) END
\set p2 random(:fifth + 1, 2 * :fifth)
\set p3 random(2 * :fifth + 1, 3 * :fifth)
\set p4 random(3 * :fifth + 1, 4 * :fifth)
\set p5 random(4 * :fifth + 1, :nproducts)
\set q1 random(1, 3)
\set q2 random(1, 3)
\set q3 random(1, 3)
\set q4 random(1, 3)
\set q5 random(1, 3)
\set u1 199 + (:p1 * 7919) % 4800
\set u2 199 + (:p2 * 7919) % 4800
\set u3 199 + (:p3 * 7919) % 4800
\set u4 199 + (:p4 * 7919) % 4800
\set u5 199 + (:p5 * 7919) % 4800
\set n1 :u1 * :q1
\set n2 :u2 * :q2
\set n3 :u3 * :q3
\set n4 :u4 * :q4
\set n5 :u5 * :q5
\set s1 (:n1 * 6 + 50) / 100
\set s2 (:n2 * 6 + 50) / 100
\set s3 (:n3 * 6 + 50) / 100
\set s4 (:n4 * 6 + 50) / 100
\set s5 (:n5 * 6 + 50) / 100
\set l1 (:n1 + 50) / 100
\set l2 (:n2 + 50) / 100
\set l3 (:n3 + 50) / 100
\set l4 (:n4 + 50) / 100
\set l5 (:n5 + 50) / 100
\set subtotal :n1 + :n2 + :n3 + :n4 + :n5
\set statetax :s1 + :s2 + :s3 + :s4 + :s5
\set localtax :l1 + :l2 + :l3 + :l4 + :l5
\set total :subtotal + :statetax + :localtax
\set tendered (:total / 2000 + 1) * 2000
BEGIN;
UPDATE registers SET next_receipt_seq = next_receipt_seq + 1
  WHERE company_id = '01900000-0000-7000-8000-000000000001'
    AND id = ('01900000-0000-7200-8000-' || lpad(to_hex(:reg::int), 12, '0'))::uuid
  RETURNING next_receipt_seq - 1 AS seq \gset
INSERT INTO sales (company_id, id, store_id, register_id, cashier_id, receipt_seq, receipt_number, status,
                   currency, subtotal, discount_total, tax_total, total, tendered, change_due, tax_summary,
                   client_created_at, created_at)
  VALUES ('01900000-0000-7000-8000-000000000001', bench.uuid7(),
          ('01900000-0000-7100-8000-' || lpad(to_hex(:store::int), 12, '0'))::uuid,
          ('01900000-0000-7200-8000-' || lpad(to_hex(:reg::int), 12, '0'))::uuid,
          ('01900000-0000-7300-8000-' || lpad(to_hex(:reg::int), 12, '0'))::uuid,
          :seq, 'S' || :store::int || '-R' || :k::int || '-' || lpad(:seq::text, 6, '0'), 'completed', 'USD',
          :subtotal, 0, :statetax::bigint + :localtax::bigint, :total, :tendered, :tendered::bigint - :total::bigint,
          ('[{"taxId":"01900000-0000-7600-8000-000000000001","name":"Iowa state sales tax","rate":"6","base":'
            || :subtotal::bigint || ',"amount":' || :statetax::bigint
            || '},{"taxId":"01900000-0000-7600-8000-000000000002","name":"Local option sales tax","rate":"1","base":'
            || :subtotal::bigint || ',"amount":' || :localtax::bigint || '}]')::jsonb,
          now(), now())
  RETURNING id AS sale_id \gset
INSERT INTO sale_lines (company_id, sale_id, line_no, id, product_id, sku, name, quantity, unit_price,
                        discount_percent, gross, discount, net, tax, total, age_restricted, taxes)
  VALUES ('01900000-0000-7000-8000-000000000001', :sale_id, 1, bench.uuid7(),
          ('01900000-0000-7400-8000-' || lpad(to_hex(:p1::int), 12, '0'))::uuid,
          'B' || lpad(:p1::text, 6, '0'), 'Bench spirit ' || :p1::int || ' 750ml', :q1, :u1, 0, :n1, 0, :n1,
          :s1::bigint + :l1::bigint, :n1::bigint + :s1::bigint + :l1::bigint, true,
          ('[{"taxId":"01900000-0000-7600-8000-000000000001","name":"Iowa state sales tax","rate":"6","inclusive": false,"base":'
            || :n1::bigint || ',"amount":' || :s1::bigint
            || '},{"taxId":"01900000-0000-7600-8000-000000000002","name":"Local option sales tax","rate":"1","inclusive": false,"base":'
            || :n1::bigint || ',"amount":' || :l1::bigint || '}]')::jsonb);
INSERT INTO sale_lines (company_id, sale_id, line_no, id, product_id, sku, name, quantity, unit_price,
                        discount_percent, gross, discount, net, tax, total, age_restricted, taxes)
  VALUES ('01900000-0000-7000-8000-000000000001', :sale_id, 2, bench.uuid7(),
          ('01900000-0000-7400-8000-' || lpad(to_hex(:p2::int), 12, '0'))::uuid,
          'B' || lpad(:p2::text, 6, '0'), 'Bench spirit ' || :p2::int || ' 750ml', :q2, :u2, 0, :n2, 0, :n2,
          :s2::bigint + :l2::bigint, :n2::bigint + :s2::bigint + :l2::bigint, true,
          ('[{"taxId":"01900000-0000-7600-8000-000000000001","name":"Iowa state sales tax","rate":"6","inclusive": false,"base":'
            || :n2::bigint || ',"amount":' || :s2::bigint
            || '},{"taxId":"01900000-0000-7600-8000-000000000002","name":"Local option sales tax","rate":"1","inclusive": false,"base":'
            || :n2::bigint || ',"amount":' || :l2::bigint || '}]')::jsonb);
INSERT INTO sale_lines (company_id, sale_id, line_no, id, product_id, sku, name, quantity, unit_price,
                        discount_percent, gross, discount, net, tax, total, age_restricted, taxes)
  VALUES ('01900000-0000-7000-8000-000000000001', :sale_id, 3, bench.uuid7(),
          ('01900000-0000-7400-8000-' || lpad(to_hex(:p3::int), 12, '0'))::uuid,
          'B' || lpad(:p3::text, 6, '0'), 'Bench spirit ' || :p3::int || ' 750ml', :q3, :u3, 0, :n3, 0, :n3,
          :s3::bigint + :l3::bigint, :n3::bigint + :s3::bigint + :l3::bigint, true,
          ('[{"taxId":"01900000-0000-7600-8000-000000000001","name":"Iowa state sales tax","rate":"6","inclusive": false,"base":'
            || :n3::bigint || ',"amount":' || :s3::bigint
            || '},{"taxId":"01900000-0000-7600-8000-000000000002","name":"Local option sales tax","rate":"1","inclusive": false,"base":'
            || :n3::bigint || ',"amount":' || :l3::bigint || '}]')::jsonb);
INSERT INTO sale_lines (company_id, sale_id, line_no, id, product_id, sku, name, quantity, unit_price,
                        discount_percent, gross, discount, net, tax, total, age_restricted, taxes)
  VALUES ('01900000-0000-7000-8000-000000000001', :sale_id, 4, bench.uuid7(),
          ('01900000-0000-7400-8000-' || lpad(to_hex(:p4::int), 12, '0'))::uuid,
          'B' || lpad(:p4::text, 6, '0'), 'Bench spirit ' || :p4::int || ' 750ml', :q4, :u4, 0, :n4, 0, :n4,
          :s4::bigint + :l4::bigint, :n4::bigint + :s4::bigint + :l4::bigint, true,
          ('[{"taxId":"01900000-0000-7600-8000-000000000001","name":"Iowa state sales tax","rate":"6","inclusive": false,"base":'
            || :n4::bigint || ',"amount":' || :s4::bigint
            || '},{"taxId":"01900000-0000-7600-8000-000000000002","name":"Local option sales tax","rate":"1","inclusive": false,"base":'
            || :n4::bigint || ',"amount":' || :l4::bigint || '}]')::jsonb);
INSERT INTO sale_lines (company_id, sale_id, line_no, id, product_id, sku, name, quantity, unit_price,
                        discount_percent, gross, discount, net, tax, total, age_restricted, taxes)
  VALUES ('01900000-0000-7000-8000-000000000001', :sale_id, 5, bench.uuid7(),
          ('01900000-0000-7400-8000-' || lpad(to_hex(:p5::int), 12, '0'))::uuid,
          'B' || lpad(:p5::text, 6, '0'), 'Bench spirit ' || :p5::int || ' 750ml', :q5, :u5, 0, :n5, 0, :n5,
          :s5::bigint + :l5::bigint, :n5::bigint + :s5::bigint + :l5::bigint, true,
          ('[{"taxId":"01900000-0000-7600-8000-000000000001","name":"Iowa state sales tax","rate":"6","inclusive": false,"base":'
            || :n5::bigint || ',"amount":' || :s5::bigint
            || '},{"taxId":"01900000-0000-7600-8000-000000000002","name":"Local option sales tax","rate":"1","inclusive": false,"base":'
            || :n5::bigint || ',"amount":' || :l5::bigint || '}]')::jsonb);
INSERT INTO tenders (company_id, id, sale_id, position, method, amount, tendered, reference, created_at)
  VALUES ('01900000-0000-7000-8000-000000000001', bench.uuid7(), :sale_id, 1, 'cash', :total, :tendered, NULL, now());
UPDATE stock_levels SET on_hand = on_hand - :q1, updated_at = now()
  WHERE company_id = '01900000-0000-7000-8000-000000000001'
    AND store_id = ('01900000-0000-7100-8000-' || lpad(to_hex(:store::int), 12, '0'))::uuid
    AND product_id = ('01900000-0000-7400-8000-' || lpad(to_hex(:p1::int), 12, '0'))::uuid;
UPDATE stock_levels SET on_hand = on_hand - :q2, updated_at = now()
  WHERE company_id = '01900000-0000-7000-8000-000000000001'
    AND store_id = ('01900000-0000-7100-8000-' || lpad(to_hex(:store::int), 12, '0'))::uuid
    AND product_id = ('01900000-0000-7400-8000-' || lpad(to_hex(:p2::int), 12, '0'))::uuid;
UPDATE stock_levels SET on_hand = on_hand - :q3, updated_at = now()
  WHERE company_id = '01900000-0000-7000-8000-000000000001'
    AND store_id = ('01900000-0000-7100-8000-' || lpad(to_hex(:store::int), 12, '0'))::uuid
    AND product_id = ('01900000-0000-7400-8000-' || lpad(to_hex(:p3::int), 12, '0'))::uuid;
UPDATE stock_levels SET on_hand = on_hand - :q4, updated_at = now()
  WHERE company_id = '01900000-0000-7000-8000-000000000001'
    AND store_id = ('01900000-0000-7100-8000-' || lpad(to_hex(:store::int), 12, '0'))::uuid
    AND product_id = ('01900000-0000-7400-8000-' || lpad(to_hex(:p4::int), 12, '0'))::uuid;
UPDATE stock_levels SET on_hand = on_hand - :q5, updated_at = now()
  WHERE company_id = '01900000-0000-7000-8000-000000000001'
    AND store_id = ('01900000-0000-7100-8000-' || lpad(to_hex(:store::int), 12, '0'))::uuid
    AND product_id = ('01900000-0000-7400-8000-' || lpad(to_hex(:p5::int), 12, '0'))::uuid;
INSERT INTO bench.audit_log (company_id, id, action, entity_id, user_id, payload, hash)
  VALUES ('01900000-0000-7000-8000-000000000001', bench.uuid7(), 'sale.completed', :sale_id,
          ('01900000-0000-7300-8000-' || lpad(to_hex(:reg::int), 12, '0'))::uuid,
          ('{"registerId":"' || ('01900000-0000-7200-8000-' || lpad(to_hex(:reg::int), 12, '0')) || '","total":' || :total::bigint || '}')::jsonb,
          sha256(convert_to(:sale_id || ':' || :total::bigint, 'UTF8')));
END;
