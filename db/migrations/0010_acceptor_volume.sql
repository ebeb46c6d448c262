CREATE TABLE "acceptor_volume" (
	"acceptor_id" bigint NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"amount" bigint NOT NULL,
	CONSTRAINT "acceptor_volume_acceptor_id_hour_pk" PRIMARY KEY("acceptor_id","hour")
);
