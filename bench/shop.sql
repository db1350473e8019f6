-- A rental shop's database for the benchmarks: 14 tables, two of them partitioned by month into
-- 55 partitions (69 tables in all), about 100,000 rows per unit of :scale (scale 10: 1.0 M rows).
-- Names, words and amounts are drawn from small vocabularies and skewed distributions, so the
-- data compresses like a real application's (pgbench's blank-padded filler compresses to almost
-- nothing, which hid Lifeboat's own costs behind the tools'). Deterministic: setseed below.
-- Usage: psql -v scale=10 -f bench/shop.sql DBNAME
\set ON_ERROR_STOP on
SELECT setseed(0.14) \gset
SET synchronous_commit = off;

CREATE FUNCTION pick(words text[]) RETURNS text LANGUAGE sql VOLATILE
  AS $$ SELECT words[1 + floor(random() * array_length(words, 1))::int] $$;
CREATE FUNCTION sentence(words text[], n int) RETURNS text LANGUAGE sql VOLATILE
  AS $$ SELECT string_agg(pick(words), ' ') FROM generate_series(1, n) $$;

CREATE TABLE vocabulary (kind text, words text[]);
INSERT INTO vocabulary VALUES
  ('first', '{Mary,Patricia,Linda,Barbara,Elizabeth,Jennifer,Maria,Susan,Margaret,Dorothy,Lisa,Nancy,Karen,Betty,Helen,Sandra,Donna,Carol,Ruth,Sharon,James,John,Robert,Michael,William,David,Richard,Charles,Joseph,Thomas,Christopher,Daniel,Paul,Mark,Donald,George,Kenneth,Steven,Edward,Brian,Ronald,Anthony,Kevin,Jason,Matthew,Gary,Timothy,Jose,Larry,Jeffrey}'),
  ('last', '{Smith,Johnson,Williams,Jones,Brown,Davis,Miller,Wilson,Moore,Taylor,Anderson,Thomas,Jackson,White,Harris,Martin,Thompson,Garcia,Martinez,Robinson,Clark,Rodriguez,Lewis,Lee,Walker,Hall,Allen,Young,Hernandez,King,Wright,Lopez,Hill,Scott,Green,Adams,Baker,Gonzalez,Nelson,Carter,Mitchell,Perez,Roberts,Turner,Phillips,Campbell,Parker,Evans,Edwards,Collins}'),
  ('word', '{a,the,of,and,to,in,epic,drama,story,mad,scientist,who,must,chase,boat,database,teacher,moose,dog,crocodile,astronaut,girl,boy,woman,man,hunter,explorer,feminist,forensic,psychologist,car,monkey,squirrel,frisbee,lumberjack,composer,cat,shark,robot,pioneer,documentary,thoughtful,astounding,fateful,beautiful,awe-inspiring,insightful,touching,unbelievable,emotional,brilliant,lacklusture,amazing,stunning,intrepid,boring,fast-paced,taut,action-packed,saga,reflection,panorama,yarn,display,tale,chronicle,montage,character,study,battle,Canadian,Rockies,Gulf,Mexico,Nigeria,Ancient,India,Sunk,U-Boat,Baloon,Factory,Monastery,Jet,Manhattan,Penthouse,Abandoned,Mine,Shaft,Fun,House,Yacht,Shark,Tank,Airport,MySQL,Convention,Hall,Berlin,Wall,Trip,Outback}'),
  ('street', '{Main,Oak,Pine,Maple,Cedar,Elm,Washington,Lake,Hill,Park,Sunset,River,Church,Spring,Highland,Mill,Forest,Meadow,Ridge,Valley}'),
  ('suffix', '{Street,Avenue,Road,Lane,Drive,Court,Place,Boulevard,Way,Parkway}'),
  ('city', '{Aurora,Springfield,Fairview,Riverside,Franklin,Greenville,Bristol,Clinton,Salem,Madison,Georgetown,Arlington,Ashland,Burlington,Manchester,Milton,Newport,Oxford,Dover,Hudson,Kingston,Jackson,Lebanon,Marion,Monroe,Troy,Winchester,Dayton,Lexington,Milford}'),
  ('country', '{Afghanistan,Algeria,Angola,Argentina,Armenia,Australia,Austria,Azerbaijan,Bahrain,Bangladesh,Belarus,Bolivia,Brazil,Brunei,Bulgaria,Cambodia,Cameroon,Canada,Chad,Chile,China,Colombia,Congo,Czechia,Dominica,Ecuador,Egypt,Estonia,Ethiopia,Finland,France,Gambia,Germany,Greece,Greenland,Holy See,Hungary,India,Indonesia,Iran,Iraq,Israel,Italy,Japan,Kazakstan,Kenya,Kuwait,Latvia,Liechtenstein,Lithuania,Madagascar,Malawi,Malaysia,Mexico,Moldova,Morocco,Mozambique,Myanmar,Nauru,Nepal,Netherlands,New Zealand,Nigeria,North Korea,Oman,Pakistan,Paraguay,Peru,Philippines,Poland,Puerto Rico,Romania,Runion,Russia,Saudi Arabia,Senegal,Slovakia,South Africa,South Korea,Spain,Sri Lanka,Sudan,Sweden,Switzerland,Taiwan,Tanzania,Thailand,Tonga,Tunisia,Turkey,Turkmenistan,Tuvalu,Ukraine,United Kingdom,United States,Venezuela,Vietnam,Yemen,Yugoslavia,Zambia}');

CREATE TABLE language (language_id int PRIMARY KEY, name text NOT NULL, last_update timestamptz NOT NULL DEFAULT now());
INSERT INTO language (language_id, name) VALUES (1,'English'),(2,'Italian'),(3,'Japanese'),(4,'Mandarin'),(5,'French'),(6,'German');

CREATE TABLE category (category_id int PRIMARY KEY, name text NOT NULL, last_update timestamptz NOT NULL DEFAULT now());
INSERT INTO category (category_id, name) SELECT i, c FROM unnest('{Action,Animation,Children,Classics,Comedy,Documentary,Drama,Family,Foreign,Games,Horror,Music,New,Sci-Fi,Sports,Travel}'::text[]) WITH ORDINALITY AS t(c, i);

CREATE TABLE country (country_id int PRIMARY KEY, country text NOT NULL, last_update timestamptz NOT NULL DEFAULT now());
INSERT INTO country (country_id, country) SELECT i, c FROM unnest((SELECT words FROM vocabulary WHERE kind = 'country')) WITH ORDINALITY AS t(c, i);

CREATE TABLE city (city_id int PRIMARY KEY, city text NOT NULL, country_id int NOT NULL REFERENCES country, last_update timestamptz NOT NULL DEFAULT now());
INSERT INTO city (city_id, city, country_id)
  SELECT i, pick(v.words) || CASE WHEN i > 30 THEN ' ' || (i / 30) ELSE '' END, 1 + (i % 100)
  FROM generate_series(1, 600) i, vocabulary v WHERE v.kind = 'city';

CREATE TABLE address (address_id int PRIMARY KEY, address text NOT NULL, district text NOT NULL,
  city_id int NOT NULL REFERENCES city, postal_code text, phone text NOT NULL, last_update timestamptz NOT NULL DEFAULT now());
INSERT INTO address (address_id, address, district, city_id, postal_code, phone)
  SELECT i, (1 + floor(random() * 1999))::int || ' ' || pick(s.words) || ' ' || pick(x.words),
    pick(c.words), 1 + floor(random() * 600)::int, lpad((floor(random() * 99999))::int::text, 5, '0'),
    '+1 ' || (200 + floor(random() * 799))::int || ' 555 ' || lpad(floor(random() * 9999)::int::text, 4, '0')
  FROM generate_series(1, 3000 * :scale) i, vocabulary s, vocabulary x, vocabulary c
  WHERE s.kind = 'street' AND x.kind = 'suffix' AND c.kind = 'city';

CREATE TABLE actor (actor_id int PRIMARY KEY, first_name text NOT NULL, last_name text NOT NULL, last_update timestamptz NOT NULL DEFAULT now());
INSERT INTO actor (actor_id, first_name, last_name)
  SELECT i, pick(f.words), pick(l.words) FROM generate_series(1, 200 * :scale) i, vocabulary f, vocabulary l
  WHERE f.kind = 'first' AND l.kind = 'last';
CREATE INDEX ON actor (last_name);

CREATE TABLE film (film_id int PRIMARY KEY, title text NOT NULL, description text, release_year int,
  language_id int NOT NULL REFERENCES language, rental_duration smallint NOT NULL, rental_rate numeric(4,2) NOT NULL,
  length smallint, replacement_cost numeric(5,2) NOT NULL, rating text, special_features text[], fulltext tsvector,
  last_update timestamptz NOT NULL DEFAULT now());
INSERT INTO film (film_id, title, description, release_year, language_id, rental_duration, rental_rate, length,
    replacement_cost, rating, special_features)
  SELECT i, upper(sentence(w.words, 2)) || ' ' || i, 'A ' || sentence(w.words, 12 + floor(random() * 10)::int),
    1990 + floor(random() * 35)::int, 1 + floor(random() * random() * 6)::int, 3 + floor(random() * 5)::int,
    (ARRAY[0.99, 2.99, 4.99])[1 + floor(random() * 3)::int], 46 + floor(random() * 140)::int,
    9.99 + floor(random() * 21), (ARRAY['G','PG','PG-13','R','NC-17'])[1 + floor(random() * 5)::int],
    (ARRAY['{Trailers}','{Commentaries}','{Deleted Scenes}','{Behind the Scenes}','{Trailers,Commentaries}'])[1 + floor(random() * 5)::int]::text[]
  FROM generate_series(1, 1000 * :scale) i, vocabulary w WHERE w.kind = 'word';
UPDATE film SET fulltext = to_tsvector('english', title || ' ' || description);
CREATE INDEX ON film USING gin (fulltext);
CREATE INDEX ON film (title);

CREATE TABLE film_actor (actor_id int NOT NULL REFERENCES actor, film_id int NOT NULL REFERENCES film,
  last_update timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (actor_id, film_id));
INSERT INTO film_actor (actor_id, film_id)
  SELECT DISTINCT 1 + floor(random() * 200 * :scale)::int, f FROM generate_series(1, 1000 * :scale) f, generate_series(1, 5);

CREATE TABLE film_category (film_id int NOT NULL REFERENCES film, category_id int NOT NULL REFERENCES category,
  last_update timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (film_id, category_id));
INSERT INTO film_category (film_id, category_id) SELECT f, 1 + floor(random() * 16)::int FROM generate_series(1, 1000 * :scale) f;

CREATE TABLE store (store_id int PRIMARY KEY, manager_staff_id int NOT NULL, address_id int NOT NULL REFERENCES address,
  last_update timestamptz NOT NULL DEFAULT now());
INSERT INTO store (store_id, manager_staff_id, address_id) SELECT i, i, i FROM generate_series(1, 2 * :scale) i;

CREATE TABLE staff (staff_id int PRIMARY KEY, first_name text NOT NULL, last_name text NOT NULL,
  address_id int NOT NULL REFERENCES address, email text, store_id int NOT NULL REFERENCES store,
  active boolean NOT NULL DEFAULT true, username text NOT NULL, password text, last_update timestamptz NOT NULL DEFAULT now());
INSERT INTO staff (staff_id, first_name, last_name, address_id, email, store_id, username, password)
  SELECT i, pick(f.words), pick(l.words), i, 'staff' || i || '@rental.example', 1 + (i % (2 * :scale)), 'staff' || i, md5(i::text)
  FROM generate_series(1, 4 * :scale) i, vocabulary f, vocabulary l WHERE f.kind = 'first' AND l.kind = 'last';

CREATE TABLE customer (customer_id int PRIMARY KEY, store_id int NOT NULL REFERENCES store, first_name text NOT NULL,
  last_name text NOT NULL, email text, address_id int NOT NULL REFERENCES address, active boolean NOT NULL DEFAULT true,
  create_date date NOT NULL, last_update timestamptz NOT NULL DEFAULT now());
INSERT INTO customer (customer_id, store_id, first_name, last_name, email, address_id, active, create_date)
  SELECT i, 1 + (i % (2 * :scale)), fn, ln, lower(fn || '.' || ln || i) || '@' || (ARRAY['example.com','mail.example','shop.example'])[1 + i % 3],
    1 + (i % (3000 * :scale)), random() > 0.03, date '2023-01-01' + floor(random() * 730)::int
  FROM (SELECT i, pick(f.words) fn, pick(l.words) ln FROM generate_series(1, 2500 * :scale) i, vocabulary f, vocabulary l
        WHERE f.kind = 'first' AND l.kind = 'last') c;
CREATE INDEX ON customer (last_name);

CREATE TABLE inventory (inventory_id int PRIMARY KEY, film_id int NOT NULL REFERENCES film, store_id int NOT NULL REFERENCES store,
  last_update timestamptz NOT NULL DEFAULT now());
INSERT INTO inventory (inventory_id, film_id, store_id)
  SELECT i, 1 + floor(random() * 1000 * :scale)::int, 1 + floor(random() * 2 * :scale)::int FROM generate_series(1, 5000 * :scale) i;

-- Rentals and payments: 28 and 27 monthly partitions (2024-01 .. 2026-04 and .. 2026-03).
CREATE TABLE rental (rental_id bigint NOT NULL, rental_date timestamptz NOT NULL, inventory_id int NOT NULL,
  customer_id int NOT NULL, return_date timestamptz, staff_id int NOT NULL, note text,
  last_update timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (rental_id, rental_date)) PARTITION BY RANGE (rental_date);
CREATE TABLE payment (payment_id bigint NOT NULL, customer_id int NOT NULL, staff_id int NOT NULL, rental_id bigint NOT NULL,
  amount numeric(5,2) NOT NULL, payment_date timestamptz NOT NULL, method text NOT NULL,
  PRIMARY KEY (payment_id, payment_date)) PARTITION BY RANGE (payment_date);
SELECT format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)', t || '_' || to_char(m, 'YYYY_MM'), t, m, m + interval '1 month')
  FROM (SELECT 'rental' t, generate_series(date '2024-01-01', date '2026-04-01', interval '1 month') m
        UNION ALL SELECT 'payment', generate_series(date '2024-01-01', date '2026-03-01', interval '1 month')) p \gexec
INSERT INTO rental (rental_id, rental_date, inventory_id, customer_id, return_date, staff_id, note)
  SELECT i, d, 1 + floor(random() * 5000 * :scale)::int, 1 + floor(random() * random() * 2500 * :scale)::int,
    CASE WHEN random() < 0.97 THEN d + (1 + floor(random() * 9)::int) * interval '1 day' + floor(random() * 86400) * interval '1 second' END,
    1 + floor(random() * 4 * :scale)::int, CASE WHEN random() < 0.2 THEN sentence(w.words, 4 + floor(random() * 6)::int) END
  FROM (SELECT i, timestamptz '2024-01-01 00:00+00' + random() * interval '850 days' d FROM generate_series(1, 40000 * :scale) i) r,
    vocabulary w WHERE w.kind = 'word';
INSERT INTO payment (payment_id, customer_id, staff_id, rental_id, amount, payment_date, method)
  SELECT rental_id, customer_id, staff_id, rental_id, (ARRAY[0.99, 1.99, 2.99, 3.99, 4.99, 5.99, 7.99, 9.99])[1 + floor(random() * random() * 8)::int],
    rental_date + floor(random() * 3600) * interval '1 second', (ARRAY['card','card','card','cash','voucher'])[1 + floor(random() * 5)::int]
  FROM rental WHERE rental_date < '2026-03-31 23:00+00';
CREATE INDEX ON rental (customer_id);
CREATE INDEX ON rental (inventory_id);
CREATE INDEX ON payment (customer_id);

DROP TABLE vocabulary;
DROP FUNCTION sentence(text[], int);
DROP FUNCTION pick(text[]);
VACUUM ANALYZE;
