package io.bankcore.query;

import io.bankcore.api.BalanceView;
import io.bankcore.api.GetBalanceQuery;
import io.bankcore.api.GetReservationsQuery;
import io.bankcore.api.GetTransactionsQuery;
import io.bankcore.api.GetTransferQuery;
import io.bankcore.api.LedgerPage;
import io.bankcore.api.TransferView;
import java.util.List;
import java.util.Optional;
import org.axonframework.queryhandling.QueryHandler;

/** Answers balance and ledger queries from the projected tables; never by folding events. */
public class AccountQueryHandler {

    private final AccountReadModel readModel;
    private final TransferReadModel transfers;

    public AccountQueryHandler(AccountReadModel readModel, TransferReadModel transfers) {
        this.readModel = readModel;
        this.transfers = transfers;
    }

    @QueryHandler
    public Optional<TransferView> handle(GetTransferQuery query) {
        return transfers.find(query.transferId());
    }

    @QueryHandler
    public Optional<BalanceView> handle(GetBalanceQuery query) {
        return readModel.balance(query.accountNumber());
    }

    /** The account's open reservations, soonest expiry first. */
    @QueryHandler
    public List<TransferView> handle(GetReservationsQuery query) {
        return transfers.openReservations(query.accountNumber(), query.limit());
    }

    @QueryHandler
    public LedgerPage handle(GetTransactionsQuery query) {
        return readModel.transactions(query.accountNumber(), query.limit(), query.beforeSequence(), query.filter());
    }
}
